/**
 * From the decision log to the decisions monitoring reads. The log keeps the engine's (automatic)
 * decisions and the approvers' (manual) ones; a manual decision relates to the automatic one it
 * settles, and becomes that decision's final outcome. Typed structurally, on the few fields used,
 * so the API's store can change around it.
 */
import type { Decision } from '../model/decision-schema.js';
import type { Arm, MonitoredDecision } from './monitoring-schema.js';

export interface LoggedDecision {
  decisionId: string;
  customerId: string | null;
  policyId: string;
  version: number;
  evaluatedAt: string;
  source: 'automatic' | 'manual';
  /** For a manual decision: the automatic decision it settles. */
  relatesTo: string | null;
  decision: Pick<Decision, 'outcome' | 'score' | 'riskClass' | 'approvalLevel' | 'creditLimit' | 'scorecard'> & { variables?: Decision['variables'] };
  /** The arm that answered, in a champion/challenger experiment. */
  arm?: Arm;
}

export interface FromLog {
  decisions: MonitoredDecision[];
  /** Automatic decisions without a customer id: no outcome can be matched to them. */
  withoutCustomer: number;
}

export function monitoredFromLog(entries: readonly LoggedDecision[]): FromLog {
  // The latest manual decision on each automatic one is its final outcome.
  const manual = new Map<string, LoggedDecision>();
  for (const e of entries) {
    if (e.source !== 'manual' || e.relatesTo === null) continue;
    const seen = manual.get(e.relatesTo);
    if (!seen || e.evaluatedAt >= seen.evaluatedAt) manual.set(e.relatesTo, e);
  }
  const decisions: MonitoredDecision[] = [];
  let withoutCustomer = 0;
  for (const e of entries) {
    if (e.source !== 'automatic') continue;
    if (e.customerId === null) {
      withoutCustomer++;
      continue;
    }
    const settled = manual.get(e.decisionId);
    const final = settled?.decision.outcome;
    const approvedAmount = settled?.decision.variables?.approvedAmount;
    const d = e.decision;
    decisions.push({
      decisionId: e.decisionId,
      customerId: e.customerId,
      decidedAt: e.evaluatedAt,
      policyId: e.policyId,
      version: e.version,
      ...(e.arm ? { arm: e.arm } : {}),
      outcome: d.outcome,
      ...(final === 'accept' || final === 'refuse' ? { finalOutcome: final } : {}),
      approvalLevel: d.approvalLevel,
      score: d.score,
      riskClass: d.riskClass,
      // An approver may grant another amount than the engine's limit.
      grantedLimit: final === 'accept' && typeof approvedAmount === 'number' ? approvedAmount : (d.creditLimit?.gross ?? null),
      scorecard: d.scorecard.map((c) => ({ id: c.id, band: c.band, points: c.points })),
    });
  }
  return { decisions, withoutCustomer };
}
