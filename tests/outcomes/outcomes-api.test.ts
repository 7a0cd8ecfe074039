/**
 * POST /outcomes over HTTP: a batch is recorded once (a replay is counted as duplicates, stores
 * nothing, writes no audit entry), a replayed id with another content is a 409 naming the item,
 * a bad item is a 422 naming its field and nothing of the batch is written; the audit entry holds
 * counts, never the customer; erasing the customer clears its outcomes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_KEY, startTestApp, type TestApp } from '../api/support/test-app.js';

const FACTS = { requestedAmount: 1000, annualTurnover: 2_000_000, yearsInBusiness: 12, paymentIncidents: false };
const erp = ROLE_KEY.system;
let t: TestApp;
let d1 = '';
let d2 = '';

const today = () => new Date().toISOString().slice(0, 10);
const audit = async () => (await t.call('GET', '/api/v1/audit?limit=500', { key: ROLE_KEY.auditor })).body.items as { action: string; details?: Record<string, unknown> }[];

beforeAll(async () => {
  t = await startTestApp();
  for (const [customerId, set] of [['C-1', (id: string) => (d1 = id)], ['C-2', (id: string) => (d2 = id)]] as const) {
    const r = await t.call('POST', '/api/v1/policies/trade-credit/decisions', { key: erp, body: { facts: FACTS, customerId } });
    expect(r.status, r.text).toBe(201);
    set(r.body.decisionId);
  }
});
afterAll(() => t?.close());

describe('POST /api/v1/outcomes', () => {
  it('records a batch once: the same batch again is all duplicates, stores nothing and adds no audit entry', async () => {
    const items = [
      { outcomeId: 'erp-1', customerId: 'C-1', decisionId: d1, event: 'pastDue', date: today(), daysPastDue: 95, amount: 1200 },
      { customerId: 'C-2', event: 'paidOnTime', date: today() }, // natural key
    ];
    const first = await t.call('POST', '/api/v1/outcomes', { key: erp, body: { items } });
    expect(first.status, first.text).toBe(200);
    expect(first.body).toMatchObject({ created: 2, duplicates: 0 });
    expect(first.body.items.map((i: { status: string }) => i.status)).toEqual(['created', 'created']);
    const entries = (await audit()).filter((e) => e.action === 'outcomes.reported');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.details).toMatchObject({ created: 2, duplicates: 0, kinds: { pastDue: 1, paidOnTime: 1 }, policies: ['trade-credit'] });
    expect(JSON.stringify(entries[0])).not.toContain('C-1');

    const again = await t.call('POST', '/api/v1/outcomes', { key: erp, body: { items: [...items, items[0]] } });
    expect(again.status, again.text).toBe(200);
    expect(again.body).toMatchObject({ created: 0, duplicates: 3 });
    expect(again.body.items.map((i: { outcomeId: string }) => i.outcomeId)).toEqual([first.body.items[0].outcomeId, first.body.items[1].outcomeId, first.body.items[0].outcomeId]);
    expect((await audit()).filter((e) => e.action === 'outcomes.reported')).toHaveLength(1);
    expect(await t.store.outcomesFor({ decisionIds: [d1], customerIds: ['C-2'] })).toHaveLength(2);
  });

  it('answers 409 naming the item when an id is replayed with another content, and records nothing of that batch', async () => {
    const r = await t.call('POST', '/api/v1/outcomes', {
      key: erp,
      body: { items: [{ outcomeId: 'erp-new', customerId: 'C-2', event: 'paidOnTime', date: today() }, { outcomeId: 'erp-1', customerId: 'C-1', decisionId: d1, event: 'pastDue', date: today(), daysPastDue: 120, amount: 1200 }] },
    });
    expect(r.status, r.text).toBe(409);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.errors).toEqual([expect.objectContaining({ pointer: '/items/1/outcomeId' })]);
    expect(await t.store.outcomesByKey(['item:erp-new'])).toEqual([]);
    const twice = await t.call('POST', '/api/v1/outcomes', {
      key: erp,
      body: { items: [{ outcomeId: 'x', customerId: 'C-2', event: 'paidOnTime', date: today() }, { outcomeId: 'x', customerId: 'C-2', event: 'default', date: today() }] },
    });
    expect(twice.status).toBe(409);
    expect(twice.body.errors[0].pointer).toBe('/items/1/outcomeId');
  });

  it('answers 422 problem+json naming the field of each bad item, and records none of the batch', async () => {
    const future = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const r = await t.call('POST', '/api/v1/outcomes', {
      key: erp,
      body: {
        items: [
          { outcomeId: 'ok-1', customerId: 'C-2', event: 'paidOnTime', date: today() },
          { customerId: 'C-1', event: 'pastDue', date: today() },
          { customerId: 'C-1', event: 'default', date: future },
          { customerId: 'C-1', decisionId: 'no-such-decision', event: 'default', date: today() },
          { customerId: 'C-9', decisionId: d2, event: 'default', date: today() },
        ],
      },
    });
    expect(r.status, r.text).toBe(422);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/items/1/daysPastDue', '/items/2/date', '/items/3/decisionId', '/items/4/customerId']);
    expect(await t.store.outcomesByKey(['item:ok-1'])).toEqual([]);
    const schema = await t.call('POST', '/api/v1/outcomes', { key: erp, body: { items: [{ customerId: 'C-1', event: 'bankrupt', date: '2026-13-01' }] } });
    expect(schema.status).toBe(422);
    expect(schema.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(expect.arrayContaining(['/items/0/event', '/items/0/date']));
    const empty = await t.call('POST', '/api/v1/outcomes', { key: erp, body: { items: [] } });
    expect(empty.status).toBe(422);
  });

  it('is for the ERP (system role) only', async () => {
    const r = await t.call('POST', '/api/v1/outcomes', { key: ROLE_KEY.approver, body: { items: [{ customerId: 'C-2', event: 'paidOnTime', date: today() }] } });
    expect(r.status).toBe(403);
  });

  it('is in the OpenAPI document', () => {
    const paths = t.openapi.paths as Record<string, Record<string, { operationId: string }>>;
    expect(paths['/api/v1/outcomes']?.post?.operationId).toBe('reportOutcomes');
  });

  it('an erasure of the customer also clears its outcomes (id, natural key), the statistics stay', async () => {
    const r = await t.call('POST', '/api/v1/erasures', { key: ROLE_KEY.admin, body: { customerId: 'C-1', comment: 'data-subject request' } });
    expect(r.status, r.text).toBe(200);
    expect(r.body.outcomes).toBe(1);
    const [o] = await t.store.outcomesFor({ decisionIds: [d1], customerIds: [] });
    expect(o).toMatchObject({ customerId: null, kind: 'pastDue', daysPastDue: 95, amount: 1200, bodyHash: null });
    expect(JSON.stringify(await t.store.outcomesFor({ decisionIds: [d1, d2], customerIds: ['C-1', 'C-2'] }))).not.toContain('"C-1"');
  });
});
