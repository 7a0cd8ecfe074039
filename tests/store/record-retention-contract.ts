/**
 * Contract of RecordRetentionStore (run on every store from store-contract.ts): retention's
 * candidates — approval requests opened, alerts raised before an instant that still name a
 * customer — oldest first by (time, id) with a keyset; and the customer id removed from the
 * chosen ones and from the webhook deliveries that announced them, in one commit with one audit
 * entry (none when nothing changed). Which records are due is the domain's (tests/integrity/retention.test.ts).
 */
import { expect, it } from 'vitest';
import { alertsRaised, approvalEvent } from '../../api/domain/audit-events.js';
import { canRetainRecords, type AuditEntry, type CreditgraphStore, type RecordRetentionStore } from '../../api/store/store.js';
import { alertRecord, approvalRecord, deliveryRecord } from './store-fixtures.js';

type Open = () => Promise<CreditgraphStore>;

function retaining(store: CreditgraphStore): CreditgraphStore & RecordRetentionStore {
  expect(canRetainRecords(store), `the ${store.kind} store must implement RecordRetentionStore`).toBe(true);
  return store as CreditgraphStore & RecordRetentionStore;
}

async function collect(store: CreditgraphStore): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for await (const e of store.allAudit()) out.push(e);
  return out;
}

const RETENTION = { action: 'retention.applied', details: { kind: 'approvals' }, audit: { actor: 'system' } };

export function recordRetentionContract(open: Open): void {
  it('finds approval requests and alerts that still name a customer, before an instant (exclusive), oldest first, by keyset', async () => {
    const store = retaining(await open());
    const opened = ['2026-01-01T10:00:00.000Z', '2026-01-01T10:00:00.000Z', '2026-01-01T10:00:00.500Z', '2026-01-01T10:00:01.000Z'];
    for (const [i, at] of opened.entries()) {
      const a = approvalRecord(`ap-${3 - i}`, at, `C-${i}`); // ids descend while times rise: the order is by time, then id
      await store.createApproval({ approval: a, deliveries: [], audit: approvalEvent('approval.opened', a, { actor: 'erp' }, null) });
    }
    const ids = async (before: string, after: { at: string; id: string } | null, limit = 10) => (await store.customerRecordsBefore('approvals', { before, after, limit })).map((a) => a.id);
    // 11:00:01+01:00 = 10:00:01Z, exclusive: the last one is not before it.
    expect(await ids('2026-01-01T11:00:01+01:00', null)).toEqual(['ap-2', 'ap-3', 'ap-1']);
    expect(await ids('2026-01-01T10:00:01.001Z', null, 2)).toEqual(['ap-2', 'ap-3']);
    expect(await ids('2026-01-01T10:00:01.001Z', { at: '2026-01-01T10:00:00Z', id: 'ap-3' })).toEqual(['ap-1', 'ap-0']);
    expect(await ids('2026-01-01T10:00:01.001Z', { at: '2026-01-01T11:00:00.000+01:00', id: 'ap-2' })).toEqual(['ap-3', 'ap-1', 'ap-0']);

    const alerts = [alertRecord('al-b', 'k-b', '2026-01-02T10:00:00.000Z', 'C-1'), alertRecord('al-a', 'k-a', '2026-01-02T10:00:00.000Z', 'C-2'), alertRecord('al-c', 'k-c', '2026-01-03T10:00:00.000Z', 'C-3')];
    await store.raiseAlerts({ alerts, deliveries: [], audit: alertsRaised(alerts, { actor: 'system' }, null) });
    const alertIds = async (before: string, after: { at: string; id: string } | null) => (await store.customerRecordsBefore('alerts', { before, after, limit: 10 })).map((a) => a.id);
    expect(await alertIds('2026-01-03T10:00:00Z', null)).toEqual(['al-a', 'al-b']);
    expect(await alertIds('2026-01-04T00:00:00Z', { at: '2026-01-02T10:00:00.000Z', id: 'al-a' })).toEqual(['al-b', 'al-c']);

    // Without a customer any more: no longer a candidate.
    await store.removeCustomerIds({ approvals: ['ap-2'], alerts: ['al-a'], audit: RETENTION });
    expect(await ids('2026-01-02T00:00:00Z', null)).toEqual(['ap-3', 'ap-1', 'ap-0']);
    expect(await alertIds('2026-01-04T00:00:00Z', null)).toEqual(['al-b', 'al-c']);
  });

  it('removes the customer id from the chosen records and the deliveries that announced them, in one commit with one audit entry', async () => {
    const store = retaining(await open());
    const approval = approvalRecord('ap-old', '2026-01-01T10:00:00.000Z', 'C-old');
    const kept = approvalRecord('ap-kept', '2026-01-01T10:00:00.000Z', 'C-kept');
    await store.createApproval({
      approval,
      deliveries: [{ ...deliveryRecord('dl-old', 'wh-1', 'ev-1', '2026-01-01T10:00:00.000Z'), payload: { approval: { id: 'ap-old', customerId: 'C-old' } } }],
      audit: approvalEvent('approval.opened', approval, { actor: 'erp' }, null),
    });
    await store.createApproval({
      approval: kept,
      deliveries: [{ ...deliveryRecord('dl-kept', 'wh-1', 'ev-2', '2026-01-01T10:00:00.000Z'), payload: { approval: { id: 'ap-kept', customerId: 'C-kept' } } }],
      audit: approvalEvent('approval.opened', kept, { actor: 'erp' }, null),
    });
    const alerts = [alertRecord('al-old', 'k-old', '2026-01-01T11:00:00.000Z', 'C-old')];
    await store.raiseAlerts({
      alerts,
      deliveries: [{ ...deliveryRecord('dl-alert', 'wh-1', 'ev-3', '2026-01-01T11:00:00.000Z'), event: 'alert.raised', payload: { alert: { id: 'al-old', customerId: 'C-old' } } }],
      audit: alertsRaised(alerts, { actor: 'system' }, null),
    });
    const before = (await collect(store)).length;

    expect(await store.removeCustomerIds({ approvals: ['ap-old', 'ap-unknown'], alerts: ['al-old'], audit: RETENTION })).toEqual({ approvals: 1, alerts: 1 });
    expect(await store.getApproval('ap-old')).toMatchObject({ customerId: null, requestedAmount: 45000, status: 'pending' });
    expect((await store.getApproval('ap-kept'))!.customerId).toBe('C-kept');
    expect((await store.listAlerts({})).map((a) => [a.id, a.customerId])).toEqual([['al-old', null]]);
    const deliveries = Object.fromEntries((await store.listDeliveries({ subscriptionId: 'wh-1' })).map((d) => [d.id, d.payload]));
    expect(deliveries).toEqual({
      'dl-old': { approval: { id: 'ap-old', customerId: null } },
      'dl-kept': { approval: { id: 'ap-kept', customerId: 'C-kept' } },
      'dl-alert': { alert: { id: 'al-old', customerId: null } },
    });
    const entries = (await collect(store)).slice(before);
    expect(entries.map((e) => [e.action, e.details])).toEqual([['retention.applied', { kind: 'approvals', approvals: 1, alerts: 1 }]]);

    // Again: nothing left to remove, no entry.
    expect(await store.removeCustomerIds({ approvals: ['ap-old'], alerts: ['al-old'], audit: RETENTION })).toEqual({ approvals: 0, alerts: 0 });
    expect((await collect(store)).length).toBe(before + 1);
  });
}
