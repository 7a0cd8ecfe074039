/**
 * A customer's own decision history (GET /customers/{id}/decisions, issue 24): credit managers
 * (approvers) read the decisions of the customer whose file they work on — only that customer's,
 * newest first, by pages — while the whole decision log stays the auditors'. Each read is in the
 * access log with the decision ids and never the customer id; the ERP's key does not read it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TestApp } from '../api/support/test-app.js';
import { ADMIN, AUDITOR, ERP, FACTS, FakeClock, key, startWorkflowApp } from '../workflow/workflow-app.js';

let t: TestApp;
let clock: FakeClock;
const mona = key('mona'); // approver, credit manager
const decided: string[] = [];

beforeAll(async () => {
  ({ t, clock } = await startWorkflowApp(new FakeClock(Date.parse('2026-04-15T09:00:00.000Z'))));
  for (const id of ['HIST-1', 'HIST-2']) {
    const r = await t.call('POST', '/api/v1/customers', { key: ERP, body: { customerId: id, identity: { name: `History ${id}`, currency: 'EUR' } } });
    expect(r.status, r.text).toBe(201);
  }
  for (const [customerId, amount] of [['HIST-1', 10000], ['HIST-2', 12000], ['HIST-1', 20000], ['HIST-1', 30000]] as const) {
    clock.advanceHours(1);
    const r = await t.call('POST', '/api/v1/policies/b2b-standard/decisions', { key: ERP, body: { customerId, facts: { ...FACTS, requestedAmount: amount } } });
    expect(r.status, r.text).toBe(201);
    if (customerId === 'HIST-1') decided.push(r.body.decisionId);
  }
});
afterAll(() => t?.close());

it("an approver reads one customer's decisions, newest first, by pages; the whole log stays the auditors'", async () => {
  const first = await t.call('GET', '/api/v1/customers/HIST-1/decisions?limit=2', { key: mona });
  expect(first.status, first.text).toBe(200);
  expect(first.body.items.map((d: { decisionId: string }) => d.decisionId)).toEqual([decided[2], decided[1]]);
  expect(first.body.items[0]).toMatchObject({ customerId: 'HIST-1', facts: { requestedAmount: 30000 }, policyId: 'b2b-standard' });
  const second = await t.call('GET', `/api/v1/customers/HIST-1/decisions?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`, { key: mona });
  expect(second.body).toMatchObject({ items: [{ decisionId: decided[0] }], nextCursor: null });
  // The auditor reads it too; the approver still cannot read the whole log, the ERP neither this.
  expect((await t.call('GET', '/api/v1/customers/HIST-1/decisions', { key: AUDITOR })).body.items).toHaveLength(3);
  expect((await t.call('GET', '/api/v1/decisions?customerId=HIST-1', { key: mona })).status).toBe(403);
  expect((await t.call('GET', '/api/v1/customers/HIST-1/decisions', { key: ERP })).status).toBe(403);
  // Only customers with a file.
  const none = await t.call('GET', '/api/v1/customers/NO-FILE/decisions', { key: mona });
  expect(none.status).toBe(404);
  expect(none.headers.get('content-type')).toContain('application/problem+json');
});

it('records each read in the access log: the decision ids and the scope, never the customer id', async () => {
  await t.call('GET', '/api/v1/customers/HIST-2/decisions', { key: mona });
  const log = await t.call('GET', '/api/v1/access-log?what=decisions&limit=10', { key: AUDITOR });
  expect(log.status, log.text).toBe(200);
  const mine = log.body.items.filter((e: { reader: string }) => e.reader === 'mona');
  expect(mine[0].details).toMatchObject({ count: 1, filter: { byCustomer: true, scope: 'customer' } });
  expect(mine[0].details.decisionIds).toHaveLength(1);
  expect(JSON.stringify(log.body)).not.toContain('HIST-');
});

it('an erased customer has no history to read', async () => {
  expect((await t.call('POST', '/api/v1/erasures', { key: ADMIN, body: { customerId: 'HIST-1', comment: 'request #3' } })).status).toBe(200);
  expect((await t.call('GET', '/api/v1/customers/HIST-1/decisions', { key: mona })).status).toBe(404);
});
