/**
 * Everything outcome monitoring says about a file of decisions and outcomes, overall and per arm
 * of a champion/challenger experiment: decision rates, discrimination, bad rates, calibration,
 * and (against a baseline) population and characteristic stability.
 */
import { Value } from '@sinclair/typebox/value';
import { badRatesByBand, badRatesByClass, type BadRateCell } from './bad-rates.js';
import { calibrate, type ClassCalibration } from './calibration.js';
import { decisionRates, type DecisionRates } from './decision-rates.js';
import { labelDecisions, latestDate, type LabelledDecision, type OutcomeLabel } from './default-definition.js';
import { discrimination, type Discrimination } from './discrimination.js';
import { DEFAULT_DEFINITION, MonitoringFile, type Arm, type DefaultDefinition, type MonitoredDecision } from './monitoring-schema.js';
import { characteristicStability, checkEdges, equalBands, populationStability, type CharacteristicStability, type Stability } from './population-stability.js';

export interface GroupMetrics {
  /** "all", or the arm. */
  group: 'all' | Arm;
  rates: DecisionRates;
  /** Decisions by outcome label (good, bad, open, unreported, notGranted). */
  labels: Record<OutcomeLabel, number>;
  discrimination: Discrimination;
  badRatesByClass: BadRateCell[];
  badRatesByBand: BadRateCell[];
  calibration: ClassCalibration[];
  /** Score distribution of this group against the baseline's; null without a baseline. */
  stability: Stability | null;
  characteristics: CharacteristicStability[];
}

export interface MonitoringReport {
  asOf: string;
  defaultDefinition: DefaultDefinition;
  riskClasses: string[];
  scoreBands: number[];
  baselineDecisions: number | null;
  /** Outcome records that name no decision of the file (unknown decision id, or a customer without a decision): a data-quality signal. */
  unmatchedOutcomes: number;
  overall: GroupMetrics;
  /** One entry per arm present in the decisions (none when no decision names an arm). */
  arms: GroupMetrics[];
}

export const DEFAULT_SCORE_BANDS = equalBands(0, 100, 10);

export function monitoringReport(file: MonitoringFile, baseline?: MonitoringFile): MonitoringReport {
  const settings = file.settings ?? {};
  const defaultDefinition = settings.defaultDefinition ?? DEFAULT_DEFINITION;
  const outcomes = file.outcomes ?? [];
  const asOf = settings.asOf?.slice(0, 10) ?? latestDate(file.decisions, outcomes);
  const scoreBands = settings.scoreBands ?? DEFAULT_SCORE_BANDS;
  const riskClasses = settings.riskClasses ?? [...new Set(file.decisions.map((d) => d.riskClass).filter((c): c is string => c !== null))].sort();
  const labelled = labelDecisions(file.decisions, outcomes, { definition: defaultDefinition, asOf });
  const context: GroupContext = { riskClasses, scoreBands, expected: settings.expectedBadRates ?? {}, baseline: baseline?.decisions ?? null };
  const arms = (['champion', 'challenger'] as const).filter((arm) => file.decisions.some((d) => d.arm === arm));
  return {
    asOf,
    defaultDefinition,
    riskClasses,
    scoreBands: [...scoreBands],
    baselineDecisions: baseline ? baseline.decisions.length : null,
    unmatchedOutcomes: unmatched(file.decisions, outcomes),
    overall: groupMetrics('all', labelled, context),
    arms: arms.map((arm) => groupMetrics(arm, labelled.filter((r) => r.decision.arm === arm), context)),
  };
}

function unmatched(decisions: readonly MonitoredDecision[], outcomes: MonitoringFile['outcomes'] & {}): number {
  const ids = new Set(decisions.map((d) => d.decisionId));
  const customers = new Set(decisions.map((d) => d.customerId));
  return outcomes.filter((o) => (o.decisionId !== undefined ? !ids.has(o.decisionId) : !customers.has(o.customerId))).length;
}

interface GroupContext {
  riskClasses: readonly string[];
  scoreBands: readonly number[];
  expected: Record<string, number>;
  baseline: readonly MonitoredDecision[] | null;
}

function groupMetrics(group: GroupMetrics['group'], rows: readonly LabelledDecision[], context: GroupContext): GroupMetrics {
  const decisions = rows.map((r) => r.decision);
  const labels: Record<OutcomeLabel, number> = { good: 0, bad: 0, open: 0, unreported: 0, notGranted: 0 };
  for (const r of rows) labels[r.label]++;
  const scored = rows.filter((r) => (r.label === 'good' || r.label === 'bad') && r.decision.score !== null);
  const byClass = badRatesByClass(rows, context.riskClasses);
  return {
    group,
    rates: decisionRates(decisions),
    labels,
    discrimination: discrimination(scored.map((r) => ({ score: r.decision.score!, bad: r.label === 'bad' }))),
    badRatesByClass: byClass,
    badRatesByBand: badRatesByBand(rows, context.scoreBands),
    calibration: byClass.map((c) => calibrate(c.key, c.bads, c.count, Object.hasOwn(context.expected, c.key) ? context.expected[c.key] : undefined)),
    stability: context.baseline ? populationStability(scores(context.baseline), scores(decisions), context.scoreBands) : null,
    characteristics: context.baseline ? characteristics(context.baseline, decisions) : [],
  };
}

/** Through-the-door population: every scored decision, granted or not. */
const scores = (decisions: readonly MonitoredDecision[]) => decisions.flatMap((d) => (d.score === null ? [] : [d.score]));

function characteristics(baseline: readonly MonitoredDecision[], current: readonly MonitoredDecision[]): CharacteristicStability[] {
  const ids: string[] = [];
  for (const d of [...baseline, ...current]) for (const c of d.scorecard ?? []) if (!ids.includes(c.id)) ids.push(c.id);
  const of = (decisions: readonly MonitoredDecision[], id: string) => decisions.flatMap((d) => (d.scorecard ?? []).filter((c) => c.id === id));
  return ids.map((id) => characteristicStability(id, of(baseline, id), of(current, id)));
}

export interface FileProblem {
  /** JSON pointer into the file. */
  path: string;
  message: string;
}

/** Schema check, then what a schema cannot say: unique decision ids, increasing score bands. */
export function checkMonitoringFile(value: unknown): { ok: true; file: MonitoringFile } | { ok: false; problems: FileProblem[] } {
  const problems: FileProblem[] = [];
  for (const error of Value.Errors(MonitoringFile, value)) {
    problems.push({ path: error.path === '' ? '/' : error.path, message: error.message });
    if (problems.length >= 20) break;
  }
  if (problems.length > 0) return { ok: false, problems };
  const file = value as MonitoringFile;
  const seen = new Set<string>();
  file.decisions.forEach((d, i) => {
    if (seen.has(d.decisionId)) problems.push({ path: `/decisions/${i}/decisionId`, message: `decision id "${d.decisionId}" appears more than once` });
    seen.add(d.decisionId);
  });
  const bands = file.settings?.scoreBands;
  const bandProblem = bands ? checkEdges(bands) : null;
  if (bandProblem) problems.push({ path: '/settings/scoreBands', message: bandProblem });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, file };
}
