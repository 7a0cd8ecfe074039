/**
 * The risk report: what waits (pending requests by level and age), what is late (past service
 * time), what overran (exposure above the granted limit), what must be reviewed (limits past or
 * near their review date), and who got worse (class downgrades) over a period.
 */
import type { AlertRecord, ApprovalRecord, CreditgraphStore } from '../store/store.js';
import { standingApprovals } from './current-limits.js';

const HOUR = 3_600_000;
export const AGE_BUCKETS = [
  { id: 'under1d', maxHours: 24 },
  { id: '1to3d', maxHours: 72 },
  { id: '3to7d', maxHours: 168 },
  { id: 'over7d', maxHours: Infinity },
] as const;

export interface RiskReportPeriod {
  from: string;
  to: string;
  /** Limits whose review date falls before now + this many days are listed. */
  reviewWithinDays: number;
}

export async function riskReport(store: CreditgraphStore, now: Date, period: RiskReportPeriod, policyId?: string) {
  const nowIso = now.toISOString();
  const pending = await store.listApprovals({ status: 'pending', policyId });
  const ageHours = (a: ApprovalRecord) => (now.getTime() - Date.parse(a.openedAt)) / HOUR;

  const levels = new Map<string, ApprovalRecord[]>();
  for (const a of pending) levels.set(a.requiredLevel, [...(levels.get(a.requiredLevel) ?? []), a]);
  const pendingByLevel = [...levels.entries()].map(([level, items]) => {
    const buckets = Object.fromEntries(AGE_BUCKETS.map((b) => [b.id, 0])) as Record<(typeof AGE_BUCKETS)[number]['id'], number>;
    for (const a of items) buckets[AGE_BUCKETS.find((b) => ageHours(a) < b.maxHours)!.id]++;
    return {
      level,
      count: items.length,
      amount: items.reduce((s, a) => s + (a.requestedAmount ?? 0), 0),
      oldestOpenedAt: items[0]!.openedAt, // listApprovals is oldest first
      ages: buckets,
    };
  });

  const overdue = pending
    .filter((a) => a.dueAt !== null && a.dueAt <= nowIso)
    .map((a) => ({ approvalId: a.id, customerId: a.customerId, level: a.requiredLevel, requestedAmount: a.requestedAmount, openedAt: a.openedAt, dueAt: a.dueAt, hoursOverdue: Math.floor((now.getTime() - Date.parse(a.dueAt!)) / HOUR) }));

  const horizon = new Date(now.getTime() + period.reviewWithinDays * 24 * HOUR).toISOString();
  const reviewsDue = standingApprovals(await store.listApprovals({ status: 'approved', policyId }))
    .filter((a) => a.outcome!.reviewDate !== null && a.outcome!.reviewDate <= horizon)
    .sort((a, b) => (a.outcome!.reviewDate! < b.outcome!.reviewDate! ? -1 : 1))
    .map((a) => ({ approvalId: a.id, customerId: a.customerId, riskClass: a.riskClass, amount: a.outcome!.amount, decidedBy: a.outcome!.decidedBy, reviewDate: a.outcome!.reviewDate!, overdue: a.outcome!.reviewDate! <= nowIso }));

  const inPeriod = (a: AlertRecord) => a.raisedAt >= period.from && a.raisedAt < period.to;
  const overruns = (await store.listAlerts({ type: 'exposure.overLimit', policyId, from: period.from, limit: 500 }))
    .filter(inPeriod)
    .map((a) => ({ alertId: a.id, customerId: a.customerId, decisionId: a.decisionId, raisedAt: a.raisedAt, ...(a.details as { exposure: number; grantedLimit: number; overrun: number }) }));
  const downgrades = (await store.listAlerts({ type: 'decision.worse', policyId, from: period.from, limit: 500 }))
    .filter(inPeriod)
    .flatMap((a) =>
      ((a.details.changes as { kind: string; from: string; to: string }[]) ?? []) // a downgrade goes from one class id to another
        .filter((c) => c.kind === 'riskClassDowngrade')
        .map((c) => ({ customerId: a.customerId, decisionId: a.decisionId, from: c.from, to: c.to, raisedAt: a.raisedAt })),
    );

  return {
    generatedAt: nowIso,
    period,
    pendingByLevel,
    overdue,
    overruns,
    reviewsDue,
    downgrades,
    totals: { pending: pending.length, overdue: overdue.length, overruns: overruns.length, reviewsDue: reviewsDue.length, downgrades: downgrades.length },
  };
}
