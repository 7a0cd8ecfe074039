/**
 * The customer credit file's part of the store contract (customer-store.ts), run on every store by
 * store-contract.ts: insert / get / list with filters and cursors, compare-and-set on the etag,
 * open items stored idempotently (unchanged items write nothing, no audit entry), exposure
 * snapshots, and each file change committed with its audit event as given.
 */
import { expect, it } from 'vitest';
import { customerEvent, openItemsReceived } from '../../api/domain/customer-audit-events.js';
import { NO_FLAGS, type CustomerRecord, type ExposureRecord, type OpenItemRecord } from '../../api/store/customer-store.js';
import { StoreError, type AuditEntry, type CreditgraphStore } from '../../api/store/store.js';

export function customerFile(customerId: string, over: Partial<CustomerRecord> = {}): CustomerRecord {
  return {
    customerId,
    identity: { name: `Customer ${customerId}`, nationalId: '552100554', country: 'FR', currency: 'EUR' },
    parentId: null,
    facts: { bureauScore: { value: 72, source: 'bureau', asOf: '2026-05-01', recordedAt: '2026-05-02T08:00:00.000Z', recordedBy: 'erp' }, 'odd.key': { value: true, source: 'erp', asOf: '2026-05-01', recordedAt: '2026-05-02T08:00:00.000Z', recordedBy: 'erp' } },
    cover: { insurer: 'Allianz Trade', amount: 50000, insuredShare: 0.9, from: '2026-01-01', to: null },
    limit: { amount: 40000, grantedAt: '2026-02-01T10:00:00.000Z', reviewDate: '2027-02-01T00:00:00.000Z', expiresAt: null, decisionId: null, policyId: null, riskClass: 'B' },
    groupLimit: null,
    flags: NO_FLAGS,
    etag: `e-${customerId}-1`,
    createdAt: '2026-02-01T10:00:00.000Z',
    updatedAt: '2026-02-01T10:00:00.000Z',
    updatedBy: 'erp',
    ...over,
  };
}

export const openItem = (itemId: string, customerId: string, over: Partial<OpenItemRecord> = {}): OpenItemRecord => ({
  itemId,
  customerId,
  kind: 'invoice',
  amount: 1000,
  currency: 'EUR',
  issueDate: '2026-03-01',
  dueDate: '2026-03-31',
  status: 'open',
  ...over,
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'OK';
  } catch (err) {
    if (err instanceof StoreError) return err.code;
    throw err;
  }
}

async function trail(store: CreditgraphStore): Promise<AuditEntry[]> {
  const all: AuditEntry[] = [];
  for await (const e of store.allAudit()) all.push(e);
  return all;
}

const created = (c: CustomerRecord) => customerEvent('customer.created', c.customerId, { changed: ['identity'] }, { actor: 'erp' }, null);

/** Call inside describeStoreContract: `open` gives a fresh, empty store (closed by the suite). */
export function customerContract(open: () => Promise<CreditgraphStore>): void {
  it('customers: inserts and reads a file whole (odd fact names too); a duplicate id is a CONFLICT', async () => {
    const store = await open();
    const c = customerFile('C-1');
    expect(await store.insertCustomer(c, created(c))).toStrictEqual(c);
    expect(await store.getCustomer('C-1')).toStrictEqual(c);
    expect(await store.getCustomer('nope')).toBeNull();
    expect(await codeOf(store.insertCustomer({ ...c, etag: 'other' }, created(c)))).toBe('CONFLICT');
    expect(await store.getCustomer('C-1')).toStrictEqual(c);
    expect((await store.getCustomers(['C-1', 'nope', 'C-1'])).map((x) => x.customerId)).toEqual(['C-1']);
    const entries = await trail(store);
    expect(entries.map((e) => e.action)).toEqual(['customer.created']);
    expect(entries[0]!.details).toEqual({ customerId: 'C-1', changed: ['identity'] });
  });

  it('customers: put is a compare-and-set on the etag (stale → PRECONDITION_FAILED, unknown → NOT_FOUND)', async () => {
    const store = await open();
    const c = customerFile('C-2');
    await store.insertCustomer(c, created(c));
    const next = { ...c, etag: 'e-2', limit: { ...c.limit!, amount: 30000 } };
    const ev = customerEvent('customer.limitSet', 'C-2', { changed: ['limit'] }, { actor: 'paul', comment: 'review' }, null);
    expect(await store.putCustomer({ customer: next, expectEtag: c.etag, audit: ev })).toStrictEqual(next);
    expect(await codeOf(store.putCustomer({ customer: { ...next, etag: 'e-3' }, expectEtag: c.etag, audit: ev }))).toBe('PRECONDITION_FAILED');
    expect(await store.getCustomer('C-2')).toStrictEqual(next);
    expect(await codeOf(store.putCustomer({ customer: customerFile('C-none'), expectEtag: 'x', audit: ev }))).toBe('NOT_FOUND');
    // Of racing writers with one etag, one wins.
    const racers = await Promise.allSettled(['a', 'b', 'c'].map((t) => store.putCustomer({ customer: { ...next, etag: `e-${t}` }, expectEtag: 'e-2', audit: ev })));
    expect(racers.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await trail(store)).map((e) => e.action)).toEqual(['customer.created', 'customer.limitSet', 'customer.limitSet']);
  });

  it('customers: lists by id with cursors and filters (parent, country, name prefix, review due as an instant)', async () => {
    const store = await open();
    const files = [
      customerFile('G-PARENT', { identity: { name: 'Groupe Dupont', nationalId: null, country: 'FR', currency: 'EUR' } }),
      customerFile('G-A', { parentId: 'G-PARENT', identity: { name: 'Dupont Lyon', nationalId: null, country: 'FR', currency: 'EUR' } }),
      customerFile('G-B', { parentId: 'G-PARENT', identity: { name: 'dupont GmbH', nationalId: null, country: 'DE', currency: 'EUR' }, limit: { amount: 1, grantedAt: '2026-01-01T00:00:00Z', reviewDate: '2026-06-01T00:00:00.000Z', expiresAt: null, decisionId: null, policyId: null, riskClass: null } }),
      customerFile('X-1', { identity: { name: 'Ètoile SA', nationalId: null, country: 'BE', currency: 'EUR' }, limit: null }),
    ];
    for (const f of files) await store.insertCustomer(f, created(f));
    const ids = (p: { items: CustomerRecord[] }) => p.items.map((c) => c.customerId);
    expect(ids(await store.listCustomers({}))).toEqual(['G-A', 'G-B', 'G-PARENT', 'X-1']);
    const first = await store.listCustomers({ limit: 3 });
    expect(ids(first)).toEqual(['G-A', 'G-B', 'G-PARENT']);
    expect(ids(await store.listCustomers({ limit: 3, cursor: first.nextCursor! }))).toEqual(['X-1']);
    expect((await store.listCustomers({ limit: 4 })).nextCursor).toBeNull();
    expect(ids(await store.listCustomers({ parentId: 'G-PARENT' }))).toEqual(['G-A', 'G-B']);
    expect(ids(await store.listCustomers({ country: 'DE' }))).toEqual(['G-B']);
    expect(ids(await store.listCustomers({ namePrefix: 'DUPONT' }))).toEqual(['G-A', 'G-B']);
    expect(ids(await store.listCustomers({ namePrefix: 'èt' }))).toEqual(['X-1']);
    expect(ids(await store.listCustomers({ reviewDueBy: '2026-06-01T01:00:00+01:00' }))).toEqual(['G-B']); // = 00:00Z
    expect(ids(await store.listCustomers({ reviewDueBy: '2026-05-31T23:59:59Z' }))).toEqual([]);
    expect(ids(await store.listCustomers({ reviewDueBy: '2030-01-01T00:00:00Z' }))).toEqual(['G-A', 'G-B', 'G-PARENT']);
    expect(await codeOf(store.listCustomers({ cursor: 'not-a-cursor' }))).toBe('NOT_FOUND');
  });

  it('open items: upserted by id; the same batch twice writes nothing and appends no entry', async () => {
    const store = await open();
    const items = [openItem('INV-1', 'C-1'), openItem('CN-1', 'C-1', { kind: 'creditNote', amount: -200 }), openItem('INV-9', 'C-2', { dueDate: '2026-02-28' })];
    const audit = (changed: OpenItemRecord[]) => openItemsReceived(changed, { actor: 'erp' }, null);
    expect((await store.saveOpenItems({ items, audit })).map((i) => i.itemId)).toEqual(['INV-1', 'CN-1', 'INV-9']);
    expect(await store.saveOpenItems({ items, audit })).toEqual([]);
    expect((await trail(store)).map((e) => e.action)).toEqual(['customer.openItemsReceived']);
    // A payment closes INV-1: one item changed, one entry naming it.
    const changed = await store.saveOpenItems({ items: [{ ...items[0]!, status: 'closed', amount: 0 }, items[1]!], audit });
    expect(changed.map((i) => i.itemId)).toEqual(['INV-1']);
    const entries = await trail(store);
    expect(entries).toHaveLength(2);
    expect(entries[1]!.details).toEqual({ items: 1, customers: [{ customerId: 'C-1', itemIds: ['INV-1'] }] });
    expect((await store.listOpenItems(['C-1'])).map((i) => i.itemId)).toEqual(['CN-1']);
    expect((await store.listOpenItems(['C-1'], { all: true })).map((i) => i.itemId).sort()).toEqual(['CN-1', 'INV-1']);
    expect((await store.listOpenItems(['C-2', 'C-1'])).map((i) => i.itemId)).toEqual(['CN-1', 'INV-9']);
    expect(await store.listOpenItems(['nobody'])).toEqual([]);
  });

  it('exposure snapshots: put (no audit entry), get, list the exposed customers by id', async () => {
    const store = await open();
    const snapshot = (customerId: string): ExposureRecord => ({
      customerId,
      computedAt: '2026-04-01T00:00:00.000Z',
      asOfDate: '2026-04-01',
      currency: 'EUR',
      outstanding: 800,
      aged: { notDue: 0, d1to30: 800, d31to60: 0, d61to90: 0, over90: 0 },
      credits: 0,
      overdue: 800,
      dso: 31.5,
      openItems: 2,
      watch: { overLimitSince: null, overCoverSince: null, groupOverLimitSince: null, promise: null, promiseMissed: null },
    });
    for (const id of ['C-3', 'C-1', 'C-2']) await store.putExposure(snapshot(id));
    await store.putExposure({ ...snapshot('C-4'), asOfDate: '2026-04-02' });
    await store.putExposures([{ ...snapshot('C-1'), outstanding: 900 }, { ...snapshot('C-5'), outstanding: 5 }]);
    await store.putExposures([]);
    expect((await store.getExposure('C-5'))?.outstanding).toBe(5);
    expect((await store.getExposure('C-1'))?.outstanding).toBe(900);
    expect(await store.getExposure('C-9')).toBeNull();
    expect((await store.getExposures(['C-2', 'C-9'])).map((e) => e.customerId)).toEqual(['C-2']);
    // The sweep's pages: snapshots computed for a day before the one given.
    expect(await store.listExposedCustomerIds({ afterId: null, asOfBefore: '2026-04-02', limit: 2 })).toEqual(['C-1', 'C-2']);
    expect(await store.listExposedCustomerIds({ afterId: 'C-2', asOfBefore: '2026-04-02', limit: 2 })).toEqual(['C-3', 'C-5']);
    expect(await store.listExposedCustomerIds({ afterId: null, asOfBefore: '2026-04-03', limit: 10 })).toEqual(['C-1', 'C-2', 'C-3', 'C-4', 'C-5']);
    expect(await trail(store)).toEqual([]);
  });
}
