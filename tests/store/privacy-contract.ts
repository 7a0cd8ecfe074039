/**
 * The store contract, part two (run on every store from store-contract.ts): times compared as
 * instants, never as strings — bounds written with a +01:00 offset or without milliseconds, a bound
 * at an exact second (the mistakes a store that compares ISO strings makes: `…T10:00:00Z` sorts
 * after `…T10:00:00.000Z`, `+01:00` is off by an hour) — and erasure: salts, a customer's data
 * erased in one commit, retention of decisions by age.
 */
import { expect, it } from 'vitest';
import { anonymised } from '../../api/integrity/decision-seal.js';
import { alertsRaised, approvalEvent } from '../../api/domain/audit-events.js';
import { canErase, type AuditEntry, type CreditgraphStore, type ErasureStore } from '../../api/store/store.js';
import { alertRecord, approvalRecord, decision, deliveryRecord } from './store-fixtures.js';

type Open = () => Promise<CreditgraphStore>;

async function collect(store: CreditgraphStore): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for await (const e of store.allAudit()) out.push(e);
  return out;
}
const auditActions = async (store: CreditgraphStore) => (await collect(store)).map((e) => e.action);

function erasing(store: CreditgraphStore): CreditgraphStore & ErasureStore {
  expect(canErase(store), `the ${store.kind} store must implement ErasureStore`).toBe(true);
  return store as CreditgraphStore & ErasureStore;
}

export function describeTimesAndErasure(open: Open): void {
  it('bounds the decision log by instants: an offset, a bound at an exact second, no milliseconds', async () => {
    const store = await open();
    // Three decisions around 10:00:00Z and 10:00:01Z (the times the domain stores: UTC with milliseconds).
    const at = ['2026-01-01T10:00:00.000Z', '2026-01-01T10:00:00.500Z', '2026-01-01T10:00:01.000Z'];
    for (const [i, evaluatedAt] of at.entries()) await store.appendDecision(decision({ decisionId: `t-${i}`, policyId: 'p-time', evaluatedAt }));
    const ids = async (from?: string, to?: string) => (await store.listDecisions({ policyId: 'p-time', from, to })).items.map((d) => d.decisionId).sort();
    // from is inclusive: 10:00:00Z (no milliseconds) keeps the decision made at that very second.
    expect(await ids('2026-01-01T10:00:00Z')).toEqual(['t-0', 't-1', 't-2']);
    // 11:00:00+01:00 is 10:00:00Z: the same three (as strings, "11:…" would leave none).
    expect(await ids('2026-01-01T11:00:00+01:00')).toEqual(['t-0', 't-1', 't-2']);
    // to is exclusive: 10:00:01Z leaves out the decision made at 10:00:01.000Z (as strings it sorts before it).
    expect(await ids(undefined, '2026-01-01T10:00:01Z')).toEqual(['t-0', 't-1']);
    expect(await ids(undefined, '2026-01-01T11:00:00.5+01:00')).toEqual(['t-0']); // 10:00:00.500Z, exclusive
    expect(await ids('2026-01-01T09:00:00.500-01:00', '2026-01-01T10:00:01.001Z')).toEqual(['t-1', 't-2']); // from 10:00:00.500Z
  });

  it('bounds alerts and due approval requests by instants too', async () => {
    const store = await open();
    const alerts = [alertRecord('al-a', 'k-a', '2026-03-02T10:00:00.000Z', 'C-1'), alertRecord('al-b', 'k-b', '2026-03-02T10:00:01.000Z', 'C-1')];
    await store.raiseAlerts({ alerts, deliveries: [], audit: alertsRaised(alerts, { actor: 'system' }, null) });
    const raisedFrom = async (from: string) => (await store.listAlerts({ from })).map((a) => a.id);
    expect(await raisedFrom('2026-03-02T10:00:00Z')).toEqual(['al-b', 'al-a']);
    expect(await raisedFrom('2026-03-02T11:00:00.001+01:00')).toEqual(['al-b']);
    expect(await raisedFrom('2026-03-02T09:00:01-01:00')).toEqual(['al-b']); // = 10:00:01Z, inclusive
    expect(await raisedFrom('2026-03-02T11:00:01.001+01:00')).toEqual([]); // = 10:00:01.001Z

    const due = (id: string, dueAt: string) => ({ ...approvalRecord(id, '2026-03-01T10:00:00.000Z', `C-${id}`), dueAt });
    for (const a of [due('ap-1', '2026-03-04T10:00:00.000Z'), due('ap-2', '2026-03-04T10:00:00.250Z')])
      await store.createApproval({ approval: a, deliveries: [], audit: approvalEvent('approval.opened', a, { actor: 'erp' }, null) });
    const dueBy = async (by: string) => (await store.listApprovals({ dueBy: by })).map((a) => a.id);
    expect(await dueBy('2026-03-04T10:00:00Z')).toEqual(['ap-1']); // inclusive, at the exact second
    expect(await dueBy('2026-03-04T11:00:00.25+01:00')).toEqual(['ap-1', 'ap-2']);
    expect(await dueBy('2026-03-04T10:59:59.999+01:00')).toEqual([]);
  });

  it('keeps one salt per customer: created once (also by racing callers), read back unchanged, none made when not asked', async () => {
    const store = erasing(await open());
    expect(await store.customerSalts(['C-1'], false)).toEqual({});
    const racing = await Promise.all([store.customerSalts(['C-1', 'C-2'], true), store.customerSalts(['C-2', 'C-1'], true)]);
    expect(racing[0]).toEqual(racing[1]);
    expect(Object.keys(racing[0]).sort()).toEqual(['C-1', 'C-2']);
    for (const salt of Object.values(racing[0])) expect(salt).toMatch(/^[0-9a-f]{64}$/);
    expect(racing[0]['C-1']).not.toBe(racing[0]['C-2']);
    expect(await store.customerSalts(['C-1', 'C-3'], false)).toEqual({ 'C-1': racing[0]['C-1'] });
    expect(await auditActions(store)).toEqual([]); // salts are not audited changes
  });

  it("erases one customer's data in one commit: decisions anonymised, ids gone from approvals, alerts and deliveries, salt destroyed", async () => {
    const store = erasing(await open());
    await store.customerSalts(['C-gone', 'C-kept'], true);
    const kept = await store.customerSalts(['C-kept'], false);
    for (const [i, customerId] of ['C-gone', 'C-gone', 'C-kept'].entries())
      await store.appendDecision(decision({ decisionId: `e-${i}`, customerId, evaluatedAt: `2026-02-01T10:00:0${i}.000Z` }));
    const approval = approvalRecord('ap-gone', '2026-02-01T11:00:00.000Z', 'C-gone');
    await store.createApproval({
      approval,
      deliveries: [{ ...deliveryRecord('dl-gone', 'wh-1', 'ev-1', '2026-02-01T11:00:00.000Z'), payload: { approval: { id: 'ap-gone', customerId: 'C-gone' } } }],
      audit: approvalEvent('approval.opened', approval, { actor: 'erp' }, null),
    });
    const alerts = [alertRecord('al-gone', 'k-gone', '2026-02-01T12:00:00.000Z', 'C-gone'), alertRecord('al-kept', 'k-kept', '2026-02-01T12:00:00.000Z', 'C-kept')];
    await store.raiseAlerts({ alerts, deliveries: [], audit: alertsRaised(alerts, { actor: 'system' }, null) });
    const before = (await auditActions(store)).length;

    const at = '2026-02-02T09:00:00.000Z';
    const counts = await store.eraseCustomer({ customerId: 'C-gone', at, anonymise: (r) => anonymised(r, at), audit: { action: 'customer.erased', audit: { actor: 'dpo', comment: 'request 42' } } });
    expect(counts).toEqual({ decisions: 2, approvals: 1, alerts: 1, customerFiles: 0, outcomes: 0, campaignLines: 0 }); // no credit file, outcome nor campaign line for this customer (customer-contract.ts, outcome-contract.ts, campaign-contract.ts)

    for (const id of ['e-0', 'e-1']) expect(await store.getDecision(id)).toMatchObject({ customerId: null, facts: {}, requestHash: null, erasedAt: at });
    expect(await store.getDecision('e-2')).toMatchObject({ customerId: 'C-kept', facts: { amount: 25000 } });
    expect((await store.listDecisions({ customerId: 'C-gone' })).items).toEqual([]);
    expect((await store.listDecisions({ customerId: 'C-kept' })).items.map((d) => d.decisionId)).toEqual(['e-2']);
    expect((await store.getApproval('ap-gone'))!.customerId).toBeNull();
    expect(await store.listApprovals({ customerId: 'C-gone' })).toEqual([]);
    expect((await store.listAlerts({})).map((a) => [a.id, a.customerId])).toEqual([['al-kept', 'C-kept'], ['al-gone', null]]); // same time: id descending
    const [delivery] = await store.listDeliveries({ subscriptionId: 'wh-1' });
    expect(JSON.stringify(delivery)).not.toContain('C-gone');
    expect(await store.customerSalts(['C-gone', 'C-kept'], false)).toEqual(kept);
    const entries = await collect(store);
    expect(entries.slice(before).map((e) => e.action)).toEqual(['customer.erased']);
    expect(JSON.stringify(entries.at(-1))).not.toContain('C-gone'); // the entry never names the customer

    // Nothing left to erase: zero counts, still one audited request.
    expect(await store.eraseCustomer({ customerId: 'C-gone', at, anonymise: (r) => anonymised(r, at), audit: { action: 'customer.erased', audit: { actor: 'dpo' } } })).toEqual({ decisions: 0, approvals: 0, alerts: 0, customerFiles: 0, outcomes: 0, campaignLines: 0 });
  });

  it('anonymises decisions older than a bound (an instant, exclusive), oldest first, in batches, each once', async () => {
    const store = erasing(await open());
    const at = ['2026-01-01T10:00:00.000Z', '2026-01-01T10:00:00.500Z', '2026-01-01T10:00:01.000Z', '2026-01-01T10:00:02.000Z'];
    for (const [i, evaluatedAt] of at.entries()) await store.appendDecision(decision({ decisionId: `r-${i}`, customerId: `C-${i}`, evaluatedAt }));
    const erasedAt = '2026-06-01T00:00:00.000Z';
    const retention = (before: string, limit: number) =>
      store.anonymiseDecisionsBefore({ before, limit, anonymise: (r) => anonymised(r, erasedAt), audit: { action: 'retention.applied', details: { kind: 'decisions', before }, audit: { actor: 'system' } } });
    // 11:00:01+01:00 = 10:00:01Z, exclusive: r-0 and r-1 only; a batch of one takes the older first.
    expect(await retention('2026-01-01T11:00:01+01:00', 1)).toBe(1);
    expect((await store.getDecision('r-0'))!.customerId).toBeNull();
    expect((await store.getDecision('r-1'))!.customerId).toBe('C-1');
    expect(await retention('2026-01-01T11:00:01+01:00', 10)).toBe(1);
    expect((await store.getDecision('r-1'))!.erasedAt).toBe(erasedAt);
    expect((await store.getDecision('r-2'))!.customerId).toBe('C-2');
    expect(await retention('2026-01-01T11:00:01+01:00', 10)).toBe(0); // each once
    const entries = await collect(store);
    expect(entries.map((e) => [e.action, e.details?.decisions])).toEqual([['retention.applied', 1], ['retention.applied', 1]]); // none for a pass that did nothing
  });
}
