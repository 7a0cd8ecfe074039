/**
 * Erasure and retention of personal data. A customer's decisions are anonymised (customer id,
 * facts, exposure and request hash removed; the seal still verifies: it covers only their salted
 * digest), its id is removed from approval requests, alerts and webhook deliveries, and its salt
 * is destroyed — so the pseudonym the audit trail carries for it can no longer be linked back.
 * The audit trail itself is never rewritten: the chain stays verifiable.
 *
 * Retention: decisions older than the configured period (per record kind) are anonymised the same way.
 */
import { anonymised } from '../integrity/decision-seal.js';
import { canErase } from '../store/store.js';
import type { DomainContext } from './context.js';
import { DomainError } from './errors.js';

type Ctx = DomainContext;

/** Days each kind of record keeps its personal data (absent: kept). */
export interface RetentionPolicy {
  decisions?: number;
}

const RETENTION_KINDS = ['decisions'] as const;

/** `decisions=3650` (comma-separated kind=days): what CREDITGRAPH_RETENTION_DAYS says. */
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

/** Anonymises what is past its retention period (in batches); returns how many records. */
export async function applyRetention(ctx: Ctx, actor: string, policy: RetentionPolicy) {
  const store = erasingStore(ctx);
  const now = ctx.clock.now();
  const result = { decisions: 0, before: null as string | null };
  if (policy.decisions) {
    const before = new Date(now.getTime() - policy.decisions * 86_400_000).toISOString();
    result.before = before;
    for (;;) {
      const at = ctx.clock.now().toISOString();
      const n = await store.anonymiseDecisionsBefore({
        before,
        limit: 1000,
        anonymise: (r) => anonymised(r, at),
        audit: { action: 'retention.applied', details: { kind: 'decisions', retentionDays: policy.decisions, before }, audit: { actor } },
      });
      result.decisions += n;
      if (n < 1000) break;
    }
  }
  return result;
}
