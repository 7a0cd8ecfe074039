/**
 * Synthetic decisions and outcomes for a synthetic portfolio: what monitoring needs to show
 * something real out of the box. Each customer is decided by the policy (or, in an experiment, by
 * the arm it is assigned to), the decision is finally granted or not (approvers, overrides), and a
 * granted customer defaults with a stated probability that depends on its risk class and score:
 *
 *   logit(PD) = logit(classBadRate[class]) − 0.06 · (score − centre of the class's score range)
 *
 * classBadRate: A 0.5 %, B 1.5 %, C 4 %, D 10 %, E 25 % (a policy's classes take these rates by
 * rank, best first; beyond the fifth, 35 %). The centre of a class is halfway between its minimum score
 * and the next class's (or the top of the scale). Pure and seeded: the same inputs give the same
 * file. Distributions are documented in README.md.
 */
import { assignArm } from '../../engine/monitoring/champion-challenger.js';
import type { MonitoredDecision, MonitoringFile, OutcomeRecord } from '../../engine/monitoring/monitoring-schema.js';
import { equalBands } from '../../engine/monitoring/population-stability.js';
import type { EvaluatingPolicy } from '../../engine/impact/impact-labels.js';
import type { PolicyDocument } from '../../engine/model/policy-schema.js';
import { mulberry32, type SyntheticCustomer } from './synthetic-customers.js';

export const CLASS_BAD_RATES = [0.005, 0.015, 0.04, 0.1, 0.25];
const BEYOND_BAD_RATE = 0.35;
export const SCORE_SLOPE = 0.06;

export interface OutcomeOptions {
  seed: number;
  /** First day decisions are taken; they spread uniformly over `days` days. */
  firstDate?: string;
  days?: number;
  /**
   * A population that shifted towards risk: a customer scoring s is kept with probability
   * min(1, exp(−drift · (s − middle of the scale) / 10)), so better customers thin out (0: none left out).
   */
  drift?: number;
  challenger?: { policy: EvaluatingPolicy; percent: number; salt: string };
}

interface ClassModel {
  badRate: number;
  centre: number;
}

function scoreScale(document: PolicyDocument): { min: number; max: number } {
  const scorecard = document.nodes.find((n) => n.kind === 'scorecard');
  return scorecard?.kind === 'scorecard' ? scorecard.config.scale : { min: 0, max: 100 };
}

/** Bad rate and score centre of each class of the policy's risk-class node. */
export function classModels(document: PolicyDocument): Map<string, ClassModel> {
  const models = new Map<string, ClassModel>();
  const top = scoreScale(document).max;
  for (const node of document.nodes) {
    if (node.kind !== 'riskClass') continue;
    // Classes are listed best first, each from its minimum score up to the previous one's.
    node.config.classes.forEach((c, i) => {
      const upper = i === 0 ? top : node.config.classes[i - 1]!.minScore;
      models.set(c.id, { badRate: CLASS_BAD_RATES[i] ?? BEYOND_BAD_RATE, centre: (c.minScore + upper) / 2 });
    });
  }
  return models;
}

export function probabilityOfDefault(model: ClassModel | undefined, score: number | null): number {
  const base = model?.badRate ?? BEYOND_BAD_RATE;
  const logit = Math.log(base / (1 - base)) - (score === null || model === undefined ? 0 : SCORE_SLOPE * (score - model.centre));
  return 1 / (1 + Math.exp(-logit));
}

/** `date` + `days` days (UTC calendar). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The decisions and outcomes of a synthetic book, as `creditgraph monitor` reads them. */
export function generateMonitoringFile(champion: EvaluatingPolicy, customers: readonly SyntheticCustomer[], options: OutcomeOptions): MonitoringFile {
  const next = mulberry32(options.seed);
  const firstDate = options.firstDate ?? '2025-01-01';
  const days = options.days ?? 365;
  const drift = options.drift ?? 0;
  const policyId = champion.document.id;
  const models = new Map([...classModels(champion.document), ...(options.challenger ? classModels(options.challenger.policy.document) : [])]);
  const decisions: MonitoredDecision[] = [];
  const outcomes: OutcomeRecord[] = [];

  for (const customer of customers) {
    // Every draw is made for every customer, in a fixed order: a change in one customer's path
    // does not reshuffle the others.
    const [uKeep, uDay, uFinal, uBad, uKind, uEventDay, uDays, uAmount, uLatePay, uLateDays, uPaidDay] = Array.from({ length: 11 }, next);
    const arm = options.challenger ? assignArm({ policyId, customerId: customer.customerId, salt: options.challenger.salt, challengerPercent: options.challenger.percent }).arm : undefined;
    const policy = arm === 'challenger' ? options.challenger!.policy : champion;
    const d = policy.evaluate(customer.facts);
    const scale = d.scoreScale ?? { min: 0, max: 100 };
    if (drift > 0 && d.score !== null && uKeep! >= Math.exp((-drift * (d.score - (scale.min + scale.max) / 2)) / 10)) continue;
    const decidedAt = addDays(firstDate, Math.floor(uDay! * days));
    // Approvers grant 75 % of escalations; 1 % of automatic accepts and 2 % of refusals are overridden.
    const finalOutcome = d.outcome === 'escalate' ? (uFinal! < 0.75 ? 'accept' : 'refuse') : d.outcome === 'accept' ? (uFinal! < 0.01 ? 'refuse' : undefined) : uFinal! < 0.02 ? 'accept' : undefined;
    const grantedLimit = d.creditLimit?.gross ?? null;
    decisions.push({
      decisionId: `D-${customer.customerId}`,
      customerId: customer.customerId,
      decidedAt,
      policyId: policy.document.id,
      ...(arm ? { arm } : {}),
      outcome: d.outcome,
      ...(finalOutcome ? { finalOutcome } : {}),
      approvalLevel: d.approvalLevel,
      score: d.score,
      riskClass: d.riskClass,
      grantedLimit,
      scorecard: d.scorecard.map((c) => ({ id: c.id, band: c.band, points: c.points })),
    });
    if ((finalOutcome ?? d.outcome) !== 'accept') continue;
    const exposure = Math.max(1000, grantedLimit ?? (customer.facts.requestedAmount as number | undefined) ?? 1000);
    const event = (o: Omit<OutcomeRecord, 'customerId'>) => outcomes.push({ customerId: customer.customerId, ...o });
    if (uBad! < probabilityOfDefault(d.riskClass === null ? undefined : models.get(d.riskClass), d.score)) {
      // Bad within the year: 55 % a 90–240-day delay, 30 % a declared default, 15 % a write-off.
      const date = addDays(decidedAt, 30 + Math.floor(uEventDay! * 300));
      const amount = Math.round(exposure * (0.2 + 0.8 * uAmount!));
      if (uKind! < 0.55) event({ event: 'pastDue', date, daysPastDue: 90 + Math.floor(uDays! * 151), amount });
      else if (uKind! < 0.85) event({ event: 'default', date, amount });
      else event({ event: 'writtenOff', date, amount });
    } else {
      // Good: 15 % pay late once (5–60 days, below the definition), every one ends up paying.
      if (uLatePay! < 0.15) event({ event: 'pastDue', date: addDays(decidedAt, 20 + Math.floor(uEventDay! * 200)), daysPastDue: 5 + Math.floor(uLateDays! * 56), amount: Math.round(exposure * 0.1 * (1 + uAmount!)) });
      event({ event: 'paidOnTime', date: addDays(decidedAt, 30 + Math.floor(uPaidDay! * 330)) });
    }
  }

  const riskClasses = [...models.keys()];
  return {
    settings: {
      defaultDefinition: { daysPastDue: 90, withinMonths: 12 },
      // Every window (12 months after the last decision day) is over.
      asOf: addDays(firstDate, days + 366),
      riskClasses,
      expectedBadRates: Object.fromEntries(riskClasses.map((c) => [c, models.get(c)!.badRate])),
      scoreBands: equalBands(scoreScale(champion.document).min, scoreScale(champion.document).max, 10),
    },
    decisions,
    outcomes,
  };
}
