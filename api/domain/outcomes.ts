/**
 * Outcomes reported by the ERP: what happened to a customer after a decision. A batch is checked
 * whole (nothing is written when one item is wrong), each item is recorded once: a replay of the
 * same item is a duplicate (counted, not stored again), a replay of the same id with another body
 * is a conflict. Idempotency key: the sender's `outcomeId` when given, else the natural key
 * (customer, decision, event, date).
 */
import { randomUUID } from 'node:crypto';
import type { OutcomeRecord } from '../monitoring-engine.js';
import { canonicalHash } from '../store/canonical-hash.js';
import type { StoredOutcome } from '../store/outcome-store.js';
import { StoreError, type DecisionRecord } from '../store/store.js';
import type { DomainContext } from './context.js';
import { DomainError, type ErrorItem } from './errors.js';

export type OutcomeItemStatus = 'created' | 'duplicate';

export interface OutcomeReport {
  created: number;
  duplicates: number;
  items: { index: number; outcomeId: string; status: OutcomeItemStatus }[];
}

export const MAX_OUTCOME_ITEMS = 1000;

export const idempotencyKeyOf = (item: OutcomeRecord): string =>
  item.outcomeId !== undefined ? `item:${item.outcomeId}` : `natural:${canonicalHash([item.customerId, item.decisionId ?? null, item.event, item.date.slice(0, 10)])}`;

/** The item as it matters (date only, absent optionals as null): the same report hashes the same. */
const bodyHashOf = (item: OutcomeRecord): string =>
  canonicalHash({
    outcomeId: item.outcomeId ?? null,
    customerId: item.customerId,
    decisionId: item.decisionId ?? null,
    event: item.event,
    date: item.date.slice(0, 10),
    daysPastDue: item.daysPastDue ?? null,
    amount: item.amount ?? null,
  });

export async function reportOutcomes(ctx: DomainContext, actor: string, items: OutcomeRecord[]): Promise<OutcomeReport> {
  const now = ctx.clock.now().toISOString();
  const decisions = await decisionsNamed(ctx, items);
  const errors = checkItems(items, decisions, now.slice(0, 10));
  if (errors.length) throw new DomainError('INVALID_REQUEST', `${errors.length} outcome item(s) are not valid: nothing was recorded.`, { errors });

  const keyed = items.map((item) => ({ item, key: idempotencyKeyOf(item), bodyHash: bodyHashOf(item) }));
  // Within the batch: the same key twice is one report if the bodies agree, else an error.
  const firstOfKey = new Map<string, number>();
  const repeated: ErrorItem[] = [];
  keyed.forEach((k, i) => {
    const first = firstOfKey.get(k.key);
    if (first === undefined) firstOfKey.set(k.key, i);
    else if (keyed[first]!.bodyHash !== k.bodyHash) repeated.push({ pointer: pointerOfKey(items[i]!, i), detail: `repeats item ${first} with another content` });
  });
  if (repeated.length) throw new DomainError('IDEMPOTENCY_CONFLICT', 'An outcome id is used twice in the batch with different contents: nothing was recorded.', { errors: repeated });

  for (let attempt = 1; ; attempt++) {
    const stored = new Map((await ctx.store.outcomesByKey([...firstOfKey.keys()])).map((o) => [o.idempotencyKey, o]));
    const conflicts: ErrorItem[] = [];
    const fresh = new Map<string, StoredOutcome>();
    keyed.forEach(({ item, key, bodyHash }, i) => {
      const known = stored.get(key);
      if (known && known.bodyHash !== bodyHash) conflicts.push({ pointer: pointerOfKey(item, i), detail: `outcome ${item.outcomeId ?? '(natural key)'} was reported before with another content (${known.outcomeId})` });
      if (known || fresh.has(key)) return;
      const decision = item.decisionId !== undefined ? decisions.get(item.decisionId) : undefined;
      fresh.set(key, {
        outcomeId: `out_${randomUUID()}`,
        idempotencyKey: key,
        bodyHash,
        customerId: item.customerId,
        kind: item.event,
        date: item.date.slice(0, 10),
        daysPastDue: item.daysPastDue ?? null,
        amount: item.amount ?? null,
        decisionId: item.decisionId ?? null,
        policyId: decision?.policyId ?? null,
        reportedBy: actor,
        reportedAt: now,
      });
    });
    if (conflicts.length) throw new DomainError('IDEMPOTENCY_CONFLICT', 'An outcome was reported before with another content: nothing was recorded.', { errors: conflicts });
    try {
      const created = fresh.size ? await ctx.store.insertOutcomes({ outcomes: [...fresh.values()], audit: reportedEvent(actor, [...fresh.values()], items.length - fresh.size) }) : [];
      const byKey = new Map([...stored.values(), ...created].map((o) => [o.idempotencyKey, o]));
      const createdKeys = new Set(created.map((o) => o.idempotencyKey));
      const seen = new Set<string>();
      return {
        created: created.length,
        duplicates: items.length - created.length,
        items: keyed.map(({ key }, index) => {
          const status: OutcomeItemStatus = createdKeys.has(key) && !seen.has(key) ? 'created' : 'duplicate';
          seen.add(key);
          return { index, outcomeId: byKey.get(key)!.outcomeId, status };
        }),
      };
    } catch (err) {
      // Someone reported one of these meanwhile: read the keys again.
      if (!(err instanceof StoreError && err.code === 'CONFLICT') || attempt >= 5) throw err;
    }
  }
}

/** The audit entry: counts, kinds and policies — never a customer id (docs/privacy.md). */
function reportedEvent(actor: string, created: StoredOutcome[], duplicates: number) {
  const kinds: Record<string, number> = {};
  for (const o of created) kinds[o.kind] = (kinds[o.kind] ?? 0) + 1;
  const policies = [...new Set(created.flatMap((o) => (o.policyId ? [o.policyId] : [])))].sort();
  return { action: 'outcomes.reported', details: { created: created.length, duplicates, kinds, policies }, audit: { actor } };
}

const pointerOfKey = (item: OutcomeRecord, i: number) => `/items/${i}/${item.outcomeId !== undefined ? 'outcomeId' : 'date'}`;

async function decisionsNamed(ctx: DomainContext, items: OutcomeRecord[]): Promise<Map<string, DecisionRecord>> {
  const ids = [...new Set(items.flatMap((i) => (i.decisionId !== undefined ? [i.decisionId] : [])))];
  const found = await Promise.all(ids.map((id) => ctx.store.getDecision(id)));
  return new Map(found.flatMap((d) => (d ? [[d.decisionId, d] as const] : [])));
}

/** What the schema cannot say: the days of a delay, a date not in the future, a decision that exists and is the customer's. */
function checkItems(items: OutcomeRecord[], decisions: Map<string, DecisionRecord>, today: string): ErrorItem[] {
  const errors: ErrorItem[] = [];
  items.forEach((item, i) => {
    const at = (field: string, detail: string) => errors.push({ pointer: `/items/${i}/${field}`, detail });
    if (item.event === 'pastDue' && item.daysPastDue === undefined) at('daysPastDue', 'is required when event is "pastDue" (the days past due reached)');
    if (item.date.slice(0, 10) > today) at('date', `is in the future (today is ${today})`);
    if (item.decisionId !== undefined) {
      const d = decisions.get(item.decisionId);
      if (!d) at('decisionId', `names no decision ("${item.decisionId}")`);
      else {
        if (d.customerId !== null && d.customerId !== item.customerId) at('customerId', `is not the customer of decision ${item.decisionId}`);
        if (item.date.slice(0, 10) < d.evaluatedAt.slice(0, 10)) at('date', `is before decision ${item.decisionId} (${d.evaluatedAt.slice(0, 10)})`);
      }
    }
  });
  return errors;
}
