/**
 * Erasure and retention of personal data. A customer's decisions are anonymised (customer id,
 * facts, exposure and request hash removed; the seal still verifies: it covers only their salted
 * digest), its id is removed from approval requests, alerts, webhook deliveries and the lines of
 * review-campaign reports (the lines stay, for the runs' statistics), and its salt
 * is destroyed — so the pseudonym the audit trail carries for it can no longer be linked back.
 * The audit trail itself is never rewritten: the chain stays verifiable.
 *
 * Retention, per record kind (each its own period, counted from when the record's story ended):
 *   - decisions: from when they were evaluated — anonymised as above;
 *   - approval requests: finished ones (approved or refused), from when they were decided — the
 *     customer id removed (what is left — amounts, levels, who decided — no longer describes anyone);
 *   - alerts: resolved ones, from when they were raised — the customer id removed; an alert about
 *     an approval request still pending is not resolved (kept until that request is decided).
 * Pending requests are never touched: a person still has to decide them.
 *   - decisions also rule review-campaign reports (a report line is a re-decision's summary: class,
 *     limit): runs finished before the decisions' cutoff lose the customer ids of their lines;
 *   - decisionLog: decisions evaluated before its cutoff are DELETED from the log (lawful pruning,
 *     decision-chain.ts: the chain records where it now starts, the audit trail says so).
 */
import { anonymised } from '../integrity/decision-seal.js';
import { canErase, canRetainRecords, type AlertRecord, type ApprovalRecord, type AuditEvent } from '../store/store.js';
import type { DomainContext } from './context.js';
import type { IntegrityMonitor } from '../integrity/integrity-monitor.js';
import type { ServerKeys } from '../integrity/server-keys.js';
import { DomainError } from './errors.js';
import { pruneDecisionsBefore } from './decision-chain.js';

type Ctx = DomainContext;

/** Days each kind of record keeps its personal data (absent: kept). */
export interface RetentionPolicy {
  decisions?: number;
  approvals?: number;
  alerts?: number;
  /** Decisions deleted from the log after this many days (not only anonymised). */
  decisionLog?: number;
}

const RETENTION_KINDS = ['decisions', 'approvals', 'alerts', 'decisionLog'] as const;

/** `decisions=3650,approvals=1825,alerts=365` (comma-separated kind=days): what CREDITGRAPH_RETENTION_DAYS says. */
export function parseRetention(text: string | undefined): RetentionPolicy {
  const policy: RetentionPolicy = {};
  for (const part of (text ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const [kind, days] = part.split('=').map((x) => x.trim());
    if (!RETENTION_KINDS.includes(kind as (typeof RETENTION_KINDS)[number])) throw new Error(`CREDITGRAPH_RETENTION_DAYS: unknown record kind "${kind}" (known: ${RETENTION_KINDS.join(', ')})`);
    const n = Number(days);
    if (!Number.isInteger(n) || n < 1) throw new Error(`CREDITGRAPH_RETENTION_DAYS: ${kind} needs a whole number of days ≥ 1 (got "${days}")`);
    policy[kind as (typeof RETENTION_KINDS)[number]] = n;
  }
  return policy;
}

function erasingStore(ctx: Ctx) {
  if (!canErase(ctx.store)) throw new DomainError('UNAVAILABLE', `The ${ctx.store.kind} store cannot erase personal data: use the SQLite store.`);
  return ctx.store;
}

export async function eraseCustomer(ctx: Ctx, actor: string, input: { customerId: string; comment: string }) {
  const store = erasingStore(ctx);
  const at = ctx.clock.now().toISOString();
  const counts = await store.eraseCustomer({
    customerId: input.customerId,
    at,
    anonymise: (r) => anonymised(r, at),
    // Never the customer id: the entry says that an erasure happened, why, and how much it touched.
    audit: { action: 'customer.erased', audit: { actor, comment: input.comment } },
  });
  return { erasedAt: at, ...counts };
}

/** Anonymises what is past its retention period (in batches); returns how many records of each kind. */
export async function applyRetention(ctx: Ctx & { integrity: IntegrityMonitor; keys: ServerKeys | null }, actor: string, policy: RetentionPolicy) {
  const store = erasingStore(ctx);
  const now = ctx.clock.now();
  const cutoff = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
  const result = { decisions: 0, approvals: 0, alerts: 0, campaignLines: 0, decisionsDeleted: 0, before: null as string | null, cutoffs: {} as Partial<Record<(typeof RETENTION_KINDS)[number], string>> };
  if (policy.decisions) {
    const before = cutoff(policy.decisions);
    result.before = before;
    result.cutoffs.decisions = before;
    for (;;) {
      const at = ctx.clock.now().toISOString();
      const n = await store.anonymiseDecisionsBefore({
        before,
        limit: BATCH,
        anonymise: (r) => anonymised(r, at),
        audit: { action: 'retention.applied', details: { kind: 'decisions', retentionDays: policy.decisions, before }, audit: { actor } },
      });
      result.decisions += n;
      if (n < BATCH) break;
    }
    // Campaign reports (only finished runs: a running one is still being written) keep no customer longer than its decisions.
    for (;;) {
      const n = await store.anonymiseCampaignsBefore({
        before,
        at: ctx.clock.now().toISOString(),
        limit: CAMPAIGN_BATCH,
        audit: { action: 'retention.applied', details: { kind: 'campaigns', retentionDays: policy.decisions, before }, audit: { actor } },
      });
      result.campaignLines += n.lines;
      if (n.runs < CAMPAIGN_BATCH) break;
    }
  }
  if (policy.approvals) {
    const before = cutoff(policy.approvals);
    result.cutoffs.approvals = before;
    result.approvals = await removeCustomers(ctx, 'approvals', before, (a: ApprovalRecord) => a.status !== 'pending' && finishedAt(a) < before, {
      action: 'retention.applied',
      details: { kind: 'approvals', retentionDays: policy.approvals, before },
      audit: { actor },
    });
  }
  if (policy.alerts) {
    const before = cutoff(policy.alerts);
    result.cutoffs.alerts = before;
    const pending = new Map<string, boolean>();
    const stillOpen = async (approvalId: string | null) => {
      if (!approvalId) return false;
      if (!pending.has(approvalId)) pending.set(approvalId, (await ctx.store.getApproval(approvalId))?.status === 'pending');
      return pending.get(approvalId)!;
    };
    result.alerts = await removeCustomers(ctx, 'alerts', before, async (a: AlertRecord) => !(await stillOpen(a.approvalId)), {
      action: 'retention.applied',
      details: { kind: 'alerts', retentionDays: policy.alerts, before },
      audit: { actor },
    });
  }
  if (policy.decisionLog) {
    const before = cutoff(policy.decisionLog);
    result.cutoffs.decisionLog = before;
    result.decisionsDeleted = (await pruneDecisionsBefore(ctx, actor, before, policy.decisionLog)).deleted;
  }
  return result;
}

const BATCH = 1000;
/** Runs per commit (a scheduled run's report may hold thousands of lines). */
const CAMPAIGN_BATCH = 20;

/** When a finished request's story ended: its decision (else its last change). */
const finishedAt = (a: ApprovalRecord) => a.outcome?.decidedAt ?? a.updatedAt;

/** Walks the candidates oldest first; those `due` lose their customer id, one commit (and audit entry) per batch. */
function retainingStore(ctx: Ctx) {
  const store = erasingStore(ctx);
  if (!canRetainRecords(store)) throw new DomainError('UNAVAILABLE', `The ${ctx.store.kind} store cannot apply retention to approval requests and alerts: use the SQLite store.`);
  return store;
}

async function removeCustomers<K extends 'approvals' | 'alerts'>(
  ctx: Ctx,
  kind: K,
  before: string,
  due: (r: K extends 'approvals' ? ApprovalRecord : AlertRecord) => boolean | Promise<boolean>,
  audit: AuditEvent,
): Promise<number> {
  const store = retainingStore(ctx);
  let after: { at: string; id: string } | null = null;
  let total = 0;
  for (;;) {
    const page = (kind === 'approvals'
      ? await store.customerRecordsBefore('approvals', { before, after, limit: BATCH })
      : await store.customerRecordsBefore('alerts', { before, after, limit: BATCH })) as (K extends 'approvals' ? ApprovalRecord : AlertRecord)[];
    const ids: string[] = [];
    for (const r of page) if (await due(r)) ids.push(r.id);
    if (ids.length > 0) {
      const counts = await store.removeCustomerIds({ approvals: kind === 'approvals' ? ids : [], alerts: kind === 'alerts' ? ids : [], audit });
      total += counts[kind];
    }
    const last = page[page.length - 1];
    if (!last || page.length < BATCH) return total;
    after = { at: 'openedAt' in last ? last.openedAt : last.raisedAt, id: last.id };
  }
}
