/**
 * The outcome part of the store contract (api/store/outcome-store.ts), run on every store by
 * store-contract.ts: insert-if-new on the idempotency key (all or nothing, with its audit entry),
 * the outcomes of a set of decisions and customers, the monitoring settings; and, on a store that
 * can erase, that erasing a customer clears its outcomes' personal fields.
 */
import { expect, it } from 'vitest';
import type { StoredOutcome } from '../../api/store/outcome-store.js';
import { canErase, StoreError, type AuditEntry, type CreditgraphStore } from '../../api/store/store.js';
import { decision, event } from './store-fixtures.js';

const outcome = (id: string, over: Partial<StoredOutcome> = {}): StoredOutcome => ({
  outcomeId: `out_${id}`,
  idempotencyKey: `item:${id}`,
  bodyHash: `h-${id}`,
  customerId: 'C-1',
  kind: 'paidOnTime',
  date: '2026-03-01',
  daysPastDue: null,
  amount: null,
  decisionId: null,
  policyId: null,
  reportedBy: 'erp',
  reportedAt: '2026-03-02T10:00:00.000Z',
  ...over,
});

const reported = (n: number) => event('outcomes.reported', 'erp', undefined, { details: { created: n } });

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (err) {
    if (err instanceof StoreError) return err.code;
    throw err;
  }
}

async function auditActions(store: CreditgraphStore): Promise<string[]> {
  const all: AuditEntry[] = [];
  for await (const e of store.allAudit()) all.push(e);
  return all.map((e) => e.action);
}

export function outcomeContract(open: () => Promise<CreditgraphStore>): void {
  it('outcomes: inserts new ones with one audit entry; a stored or repeated key or id is a CONFLICT and writes nothing', async () => {
    const store = await open();
    const a = outcome('a', { kind: 'pastDue', daysPastDue: 95, amount: 1200.5, decisionId: 'd-1', policyId: 'p-1' });
    expect(await store.insertOutcomes({ outcomes: [a, outcome('b')], audit: reported(2) })).toStrictEqual([a, outcome('b')]);
    expect(await store.outcomesByKey(['item:a', 'item:zzz'])).toStrictEqual([a]);
    expect(await codeOf(store.insertOutcomes({ outcomes: [outcome('c'), outcome('a', { outcomeId: 'out_other' })], audit: reported(2) }))).toBe('CONFLICT');
    expect(await codeOf(store.insertOutcomes({ outcomes: [outcome('d'), outcome('d', { outcomeId: 'out_d2' })], audit: reported(2) }))).toBe('CONFLICT');
    expect(await codeOf(store.insertOutcomes({ outcomes: [outcome('e', { outcomeId: 'out_a' })], audit: reported(1) }))).toBe('CONFLICT');
    expect(await store.outcomesByKey(['item:c', 'item:d', 'item:e'])).toStrictEqual([]); // the losers wrote nothing
    expect(await auditActions(store)).toEqual(['outcomes.reported']);
  });

  it('outcomes: those of a set of decisions, and those naming no decision of a set of customers, by date', async () => {
    const store = await open();
    const rows = [
      outcome('1', { decisionId: 'd-1', customerId: 'C-1', date: '2026-05-01' }),
      outcome('2', { decisionId: 'd-2', customerId: 'C-2', date: '2026-04-01' }),
      outcome('3', { customerId: 'C-1', date: '2026-03-01' }),
      outcome('4', { customerId: 'C-3', date: '2026-02-01' }),
      outcome('5', { decisionId: 'd-9', customerId: 'C-1', date: '2026-01-01' }), // another decision of C-1
    ];
    await store.insertOutcomes({ outcomes: rows, audit: reported(rows.length) });
    const ids = (list: StoredOutcome[]) => list.map((o) => o.outcomeId);
    expect(ids(await store.outcomesFor({ decisionIds: ['d-1', 'd-2'], customerIds: ['C-1'] }))).toEqual(['out_3', 'out_2', 'out_1']);
    expect(ids(await store.outcomesFor({ decisionIds: [], customerIds: ['C-3', 'C-1'] }))).toEqual(['out_4', 'out_3']);
    expect(await store.outcomesFor({ decisionIds: [], customerIds: [] })).toEqual([]);
    // Many ids at once (the monitoring of a large window).
    const many = Array.from({ length: 1200 }, (_, i) => `d-x${i}`);
    expect(ids(await store.outcomesFor({ decisionIds: [...many, 'd-2'], customerIds: [] }))).toEqual(['out_2']);
  });

  it('monitoring settings: absent, then saved with their audit entry, then replaced', async () => {
    const store = await open();
    expect(await store.getMonitoringSettings('p-1')).toBeNull();
    const settings = { policyId: 'p-1', psiWarn: 0.1, psiAlert: 0.25, classBadRates: { A: 0.02, 'b.c': 0.05 }, windowDays: 90, minCount: 30, updatedAt: '2026-03-01T00:00:00.000Z', updatedBy: 'paul' };
    expect(await store.putMonitoringSettings({ settings, audit: event('monitoring.settings.changed', 'paul', 'tighter', { policyId: 'p-1' }) })).toStrictEqual(settings);
    expect(await store.getMonitoringSettings('p-1')).toStrictEqual(settings);
    const next = { ...settings, psiWarn: 0.05, classBadRates: {} };
    await store.putMonitoringSettings({ settings: next, audit: event('monitoring.settings.changed', 'paul', undefined, { policyId: 'p-1' }) });
    expect(await store.getMonitoringSettings('p-1')).toStrictEqual(next);
    expect(await store.getMonitoringSettings('p-2')).toBeNull();
    expect(await auditActions(store)).toEqual(['monitoring.settings.changed', 'monitoring.settings.changed']);
  });

  it('outcomes: erasing a customer removes its id, natural key and body hash from its outcomes (the rest stays for statistics)', async () => {
    const store = await open();
    if (!canErase(store)) return; // MongoDB: no erasure yet (docs/privacy.md)
    const d = decision({ customerId: 'C-ERASE' });
    await store.appendDecision(d);
    await store.insertOutcomes({
      outcomes: [outcome('n', { idempotencyKey: 'natural:abc', customerId: 'C-ERASE', decisionId: d.decisionId, kind: 'default', amount: 900 }), outcome('k', { customerId: 'C-KEEP' })],
      audit: reported(2),
    });
    const counts = await store.eraseCustomer({ customerId: 'C-ERASE', at: '2026-06-01T00:00:00.000Z', anonymise: (r) => ({ ...r, customerId: null, facts: {}, erasedAt: '2026-06-01T00:00:00.000Z' }), audit: event('customer.erased', 'admin') });
    expect(counts).toMatchObject({ outcomes: 1 });
    const [erased] = await store.outcomesFor({ decisionIds: [d.decisionId], customerIds: [] });
    expect(erased).toStrictEqual(
      outcome('n', { idempotencyKey: 'erased:out_n', bodyHash: null, customerId: null, decisionId: d.decisionId, kind: 'default', amount: 900, erasedAt: '2026-06-01T00:00:00.000Z' }),
    );
    expect(await store.outcomesFor({ decisionIds: [], customerIds: ['C-ERASE'] })).toEqual([]);
    expect(await store.outcomesByKey(['natural:abc'])).toEqual([]);
    expect((await store.outcomesFor({ decisionIds: [], customerIds: ['C-KEEP'] })).length).toBe(1);
  });
}
