/**
 * Outcome monitoring of a policy over a window: its logged decisions (per version, per arm) and
 * the outcomes reported for them, turned into the engine's monitoring report (engine/monitoring:
 * Gini, KS, bad rates with counts, calibration, PSI and characteristic stability against a
 * baseline window or version, approval and override rates), with the policy's monitoring settings
 * (default definition, thresholds). Everything is computed here and in the engine, not in the store.
 */
import {
  DEFAULT_DEFINITION,
  discrimination,
  equalBands,
  checkEdges,
  formatMonitoringReport,
  labelDecisions,
  monitoredFromLog,
  monitoringReport,
  PSI_SHIFT,
  PSI_WATCH,
  type Arm,
  type LoggedDecision,
  type MonitoredDecision,
  type MonitoringFile,
  type MonitoringReport,
  type OutcomeRecord,
} from '../monitoring-engine.js';
import type { PolicyDocument } from '../../engine/model/policy-schema.js';
import type { MonitoringSettingsRecord, StoredOutcome } from '../store/outcome-store.js';
import type { DecisionRecord } from '../store/store.js';
import type { DomainContext } from './context.js';
import { DomainError } from './errors.js';

const DAY_MS = 86_400_000;

/** What a decision record may carry once champion/challenger exists (read, never required). */
type WithExperiment = DecisionRecord & { experiment?: { experimentId?: string; arm?: Arm } };

export const DEFAULT_SETTINGS = { psiWarn: PSI_WATCH, psiAlert: PSI_SHIFT, classBadRates: {}, windowDays: 90, minCount: 30 } as const;

/** The policy's settings, the defaults filled in. */
export async function monitoringSettings(ctx: DomainContext, policyId: string): Promise<MonitoringSettingsRecord & { defaultDefinition: { daysPastDue: number; withinMonths: number } }> {
  const stored = await ctx.store.getMonitoringSettings(policyId);
  const base = stored ?? { policyId, ...DEFAULT_SETTINGS, classBadRates: {}, updatedAt: '', updatedBy: '' };
  return { ...base, defaultDefinition: base.defaultDefinition ?? DEFAULT_DEFINITION };
}

export interface MonitoringQuery {
  policyId: string;
  from?: string;
  to?: string;
  version?: number;
  arm?: Arm;
  baselineFrom?: string;
  baselineTo?: string;
  baselineVersion?: number;
  asOf?: string;
}

export interface PeriodDiscrimination {
  period: string; // YYYY-MM
  decisions: number;
  goods: number;
  bads: number;
  auc: number | null;
  gini: number | null;
  ks: number | null;
}

export interface PolicyMonitoring {
  policyId: string;
  version: number | null;
  arm: Arm | null;
  window: { from: string; to: string };
  baseline: { from: string; to: string; version: number | null };
  thresholds: { psiWarn: number; psiAlert: number; classBadRates: Record<string, number>; minCount: number };
  /** Decisions of the window without a customer id (outcomes cannot be matched to them). */
  withoutCustomer: number;
  report: MonitoringReport;
  /** Gini and KS by calendar month of the decision, over the window. */
  overTime: PeriodDiscrimination[];
  /** The report as text, in the reader's language. */
  text: string;
}

const iso = (value: string, name: string) => {
  const t = Date.parse(value);
  if (!Number.isFinite(t)) throw new DomainError('INVALID_REQUEST', `${name} is not an instant`, { errors: [{ pointer: `/${name}`, in: 'query', detail: 'is not an ISO 8601 instant' }] });
  return new Date(t).toISOString();
};

export async function policyMonitoring(ctx: DomainContext, q: MonitoringQuery, language: 'en' | 'fr'): Promise<PolicyMonitoring> {
  const policy = await ctx.store.getPolicy(q.policyId);
  if (!policy) throw new DomainError('NOT_FOUND', `Policy ${q.policyId} does not exist.`);
  const settings = await monitoringSettings(ctx, q.policyId);
  const to = q.to !== undefined ? iso(q.to, 'to') : ctx.clock.now().toISOString();
  const from = q.from !== undefined ? iso(q.from, 'from') : new Date(Date.parse(to) - settings.windowDays * DAY_MS).toISOString();
  if (from >= to) throw new DomainError('INVALID_REQUEST', 'from must be before to.', { errors: [{ pointer: '/from', in: 'query', detail: `is not before to (${to})` }] });
  const documentVersion = q.version ?? policy.activeVersion ?? policy.latestVersion;
  const version = documentVersion === null ? null : await ctx.store.getVersion(q.policyId, documentVersion);
  if (q.version !== undefined && !version) throw new DomainError('NOT_FOUND', `Policy ${q.policyId} has no version ${q.version}.`);

  const length = Date.parse(to) - Date.parse(from);
  const baselineTo = q.baselineTo !== undefined ? iso(q.baselineTo, 'baselineTo') : q.baselineVersion !== undefined ? to : from;
  const baselineFrom = q.baselineFrom !== undefined ? iso(q.baselineFrom, 'baselineFrom') : q.baselineVersion !== undefined ? new Date(0).toISOString() : new Date(Date.parse(baselineTo) - length).toISOString();
  if (baselineFrom >= baselineTo) throw new DomainError('INVALID_REQUEST', 'baselineFrom must be before baselineTo.', { errors: [{ pointer: '/baselineFrom', in: 'query', detail: `is not before ${baselineTo}` }] });
  if (q.baselineVersion !== undefined && !(await ctx.store.getVersion(q.policyId, q.baselineVersion)))
    throw new DomainError('NOT_FOUND', `Policy ${q.policyId} has no version ${q.baselineVersion}.`);

  const current = await monitoredWindow(ctx, q.policyId, from, to, { version: q.version, arm: q.arm });
  const baseline = await monitoredWindow(ctx, q.policyId, baselineFrom, baselineTo, { version: q.baselineVersion ?? q.version, arm: q.arm });
  const outcomes = await outcomesOf(ctx, current.decisions, current.erasedCustomers);
  const file: MonitoringFile = {
    settings: {
      defaultDefinition: settings.defaultDefinition,
      asOf: (q.asOf !== undefined ? iso(q.asOf, 'asOf') : ctx.clock.now().toISOString()).slice(0, 10),
      riskClasses: version ? riskClassesOf(version.document) : undefined,
      expectedBadRates: settings.expectedBadRates ?? {},
      scoreBands: settings.scoreBands ?? (version ? scoreBandsOf(version.document) : undefined),
    },
    decisions: current.decisions,
    outcomes,
  };
  if (file.settings!.riskClasses === undefined) delete file.settings!.riskClasses;
  if (file.settings!.scoreBands === undefined) delete file.settings!.scoreBands;
  const report = monitoringReport(file, { decisions: baseline.decisions });
  return {
    policyId: q.policyId,
    version: q.version ?? null,
    arm: q.arm ?? null,
    window: { from, to },
    baseline: { from: baselineFrom, to: baselineTo, version: q.baselineVersion ?? null },
    thresholds: { psiWarn: settings.psiWarn, psiAlert: settings.psiAlert, classBadRates: settings.classBadRates, minCount: settings.minCount },
    withoutCustomer: current.withoutCustomer,
    report,
    overTime: overTime(file, report.asOf),
    text: formatMonitoringReport(report, language),
  };
}

/** The automatic decisions of a window (their manual settlements folded in), filtered by version and arm. */
export async function monitoredWindow(ctx: DomainContext, policyId: string, from: string, to: string, only: { version?: number | undefined; arm?: Arm | undefined }) {
  const logged: LoggedDecision[] = [];
  const erasedCustomers = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const page = await ctx.store.listDecisions({ policyId, from, to, limit: 500, ...(cursor ? { cursor } : {}) });
    for (const r of page.items as WithExperiment[]) {
      // An erased decision keeps its figures; a stand-in id lets outcomes that name it still match.
      const customerId = r.customerId ?? (r.erasedAt ? `erased:${r.decisionId}` : null);
      if (r.customerId === null && customerId !== null) erasedCustomers.set(r.decisionId, customerId);
      const arm = r.experiment?.arm;
      logged.push({ decisionId: r.decisionId, customerId, policyId: r.policyId, version: r.version, evaluatedAt: r.evaluatedAt, source: r.source, relatesTo: r.relatesTo, decision: r.decision, ...(arm ? { arm } : {}) });
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const { decisions, withoutCustomer } = monitoredFromLog(logged);
  const kept = decisions.filter((d) => (only.version === undefined || d.version === only.version) && (only.arm === undefined || (d.arm ?? 'champion') === only.arm));
  return { decisions: kept, withoutCustomer, erasedCustomers };
}

async function outcomesOf(ctx: DomainContext, decisions: MonitoredDecision[], erasedCustomers: Map<string, string>): Promise<OutcomeRecord[]> {
  if (decisions.length === 0) return [];
  const stored = await ctx.store.outcomesFor({ decisionIds: decisions.map((d) => d.decisionId), customerIds: [...new Set(decisions.map((d) => d.customerId))] });
  return stored.flatMap((o) => toRecord(o, erasedCustomers));
}

function toRecord(o: StoredOutcome, erasedCustomers: Map<string, string>): OutcomeRecord[] {
  const customerId = o.customerId ?? (o.decisionId !== null ? erasedCustomers.get(o.decisionId) : undefined);
  if (customerId === undefined) return []; // erased, and naming no decision: nothing to match it to
  return [
    {
      customerId,
      event: o.kind,
      date: o.date,
      ...(o.decisionId !== null ? { decisionId: o.decisionId } : {}),
      ...(o.daysPastDue !== null ? { daysPastDue: o.daysPastDue } : {}),
      ...(o.amount !== null ? { amount: o.amount } : {}),
    },
  ];
}

/** Class ids of the policy's risk-class node, best first. */
export function riskClassesOf(document: PolicyDocument): string[] | undefined {
  const node = document.nodes.find((n) => n.kind === 'riskClass');
  return node?.kind === 'riskClass' ? node.config.classes.map((c) => c.id) : undefined;
}

/** Ten equal bands over the scorecard's scale. */
export function scoreBandsOf(document: PolicyDocument): number[] | undefined {
  const node = document.nodes.find((n) => n.kind === 'scorecard');
  return node?.kind === 'scorecard' ? equalBands(node.config.scale.min, node.config.scale.max, 10) : undefined;
}

/** Gini and KS per calendar month of decision (the labels as of the report's date). */
function overTime(file: MonitoringFile, asOf: string): PeriodDiscrimination[] {
  const labelled = labelDecisions(file.decisions, file.outcomes ?? [], { definition: file.settings?.defaultDefinition ?? DEFAULT_DEFINITION, asOf });
  const months = new Map<string, typeof labelled>();
  for (const l of labelled) {
    const m = l.decision.decidedAt.slice(0, 7);
    const list = months.get(m);
    if (list) list.push(l);
    else months.set(m, [l]);
  }
  return [...months.keys()].sort().map((period) => {
    const rows = months.get(period)!;
    const d = discrimination(rows.filter((r) => (r.label === 'good' || r.label === 'bad') && r.decision.score !== null).map((r) => ({ score: r.decision.score!, bad: r.label === 'bad' })));
    return { period, decisions: rows.length, goods: d.goods, bads: d.bads, auc: d.auc, gini: d.gini, ks: d.ks };
  });
}

export interface SettingsInput {
  psiWarn: number;
  psiAlert: number;
  classBadRates: Record<string, number>;
  windowDays: number;
  minCount: number;
  defaultDefinition?: { daysPastDue: number; withinMonths: number };
  expectedBadRates?: Record<string, number>;
  scoreBands?: number[];
  comment: string;
}

/** The policy owner (an approver) sets the thresholds; audited with what changed. */
export async function saveMonitoringSettings(ctx: DomainContext, actor: string, policyId: string, input: SettingsInput): Promise<MonitoringSettingsRecord> {
  if (!(await ctx.store.getPolicy(policyId))) throw new DomainError('NOT_FOUND', `Policy ${policyId} does not exist.`);
  const errors = [];
  if (!(input.psiWarn < input.psiAlert)) errors.push({ pointer: '/psiWarn', detail: `must be below psiAlert (${input.psiAlert})` });
  const bandProblem = input.scoreBands ? checkEdges(input.scoreBands) : null;
  if (bandProblem) errors.push({ pointer: '/scoreBands', detail: bandProblem });
  if (errors.length) throw new DomainError('INVALID_REQUEST', 'The monitoring settings are not valid.', { errors });
  const before = await ctx.store.getMonitoringSettings(policyId);
  const { comment, ...values } = input;
  const settings: MonitoringSettingsRecord = { policyId, ...values, updatedAt: ctx.clock.now().toISOString(), updatedBy: actor };
  const { updatedAt: _a, updatedBy: _b, policyId: _c, ...previous } = before ?? { policyId, ...DEFAULT_SETTINGS, classBadRates: {}, updatedAt: '', updatedBy: '' };
  return ctx.store.putMonitoringSettings({ settings, audit: { action: 'monitoring.settings.changed', policyId, details: { before: previous, after: values }, audit: { actor, comment } } });
}
