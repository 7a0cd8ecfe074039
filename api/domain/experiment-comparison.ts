/**
 * The comparison of an experiment's two arms, read from the decision log: the policy's automatic
 * decisions logged while it ran (paged through, newest first), those that name it. Each logged
 * decision carries both arms' answers (the one that answered, the other in shadow), so the
 * figures compare the two versions on the same requests (engine/monitoring/experiment-comparison.ts).
 * Only the engine's answers count: an approver's later decision on an escalation is not an arm's.
 */
import { compareExperiment, OUTCOME_KEYS, type ArmAnswer, type ExperimentComparison, type ExperimentEntry } from '../policy-engine.js';
import { csv } from '../integrity/evidence-csv.js';
import type { ExperimentRecord } from '../store/experiment-store.js';
import type { DecisionRecord } from '../store/store.js';
import type { DomainContext } from './context.js';
import { requireExperiment } from './experiments.js';

export type { ExperimentComparison };

const PAGE = 500;

function entryOf(r: DecisionRecord & { experiment: NonNullable<DecisionRecord['experiment']> }): ExperimentEntry {
  const d = r.decision;
  const answered: ArmAnswer = { version: r.version, outcome: r.outcome, riskClass: d.riskClass, approvalLevel: d.approvalLevel, creditLimit: d.creditLimit?.gross ?? null };
  const s = r.experiment.shadow;
  const shadow: ArmAnswer = { version: s.version, outcome: s.outcome, riskClass: s.riskClass, approvalLevel: s.approvalLevel, creditLimit: s.creditLimit };
  // The engine reads the UTC day off the text: always give it the UTC form.
  const evaluatedAt = new Date(r.evaluatedAt).toISOString();
  return r.experiment.arm === 'champion' ? { evaluatedAt, answered: 'champion', champion: answered, challenger: shadow } : { evaluatedAt, answered: 'challenger', champion: shadow, challenger: answered };
}

/** The experiment's logged decisions, oldest first. */
async function experimentEntries(ctx: DomainContext, e: ExperimentRecord): Promise<ExperimentEntry[]> {
  if (!e.startedAt) return [];
  const entries: ExperimentEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await ctx.store.listDecisions({ policyId: e.policyId, from: e.startedAt, ...(e.endedAt ? { to: new Date(Date.parse(e.endedAt) + 1).toISOString() } : {}), cursor, limit: PAGE });
    for (const r of page.items) if (r.source === 'automatic' && r.experiment?.experimentId === e.id) entries.push(entryOf(r as Parameters<typeof entryOf>[0]));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return entries.reverse();
}

export interface ExperimentComparisonView extends ExperimentComparison {
  experimentId: string;
  policyId: string;
  versions: { champion: number; challenger: number };
  share: number;
  status: ExperimentRecord['status'];
}

export async function experimentComparison(ctx: DomainContext, experimentId: string): Promise<ExperimentComparisonView> {
  const e = await requireExperiment(ctx, experimentId);
  const comparison = compareExperiment(await experimentEntries(ctx, e));
  return { experimentId: e.id, policyId: e.policyId, versions: { champion: e.championVersion, challenger: e.challengerVersion }, share: e.share, status: e.status, ...comparison };
}

/** The comparison as one long CSV table: table, scope, date, arm, key, value (spreadsheet-safe cells). */
export function comparisonCsv(c: ExperimentComparisonView): string {
  const rows: unknown[][] = [];
  for (const scope of ['all', 'answered'] as const) {
    const arms = scope === 'all' ? c.arms : c.answeredBy;
    for (const arm of ['champion', 'challenger'] as const) {
      const a = arms[arm];
      rows.push(['decisions', scope, '', arm, c.versions[arm], a.decisions]);
      for (const k of OUTCOME_KEYS) rows.push(['outcome', scope, '', arm, k, a.byOutcome[k]]);
      for (const [k, v] of Object.entries(a.byClass)) rows.push(['riskClass', scope, '', arm, k, v]);
      for (const [k, v] of Object.entries(a.byApprovalLevel)) rows.push(['approvalLevel', scope, '', arm, k, v]);
      rows.push(['grantedLimits', scope, '', arm, '', a.grantedLimits]);
      rows.push(['escalations', scope, '', arm, '', a.escalations]);
    }
  }
  for (const champion of OUTCOME_KEYS) for (const challenger of OUTCOME_KEYS) rows.push(['agreement', 'all', '', '', `${champion}/${challenger}`, c.agreement[champion][challenger]]);
  for (const d of c.daily)
    for (const arm of ['champion', 'challenger'] as const) {
      const a = d[arm];
      for (const k of ['answered', 'accept', 'refuse', 'escalate', 'grantedLimits'] as const) rows.push(['daily', 'all', d.date, arm, k, a[k]]);
    }
  return csv(['table', 'scope', 'date', 'arm', 'key', 'value'], rows);
}
