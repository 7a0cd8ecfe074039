/**
 * A customer credit file is personal data (docs/privacy.md): erasure removes the file, its open
 * items and exposure, the alerts lose the id, the group's entities lose the erased parent, nothing
 * is left in the database file; the audit trail never named the customer and still verifies.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN, AUDITOR, ERP, FakeClock, startWorkflowApp } from '../workflow/workflow-app.js';
import type { TestApp } from '../api/support/test-app.js';

const SECRET = 'FILE-ERASE-ME-0815';

const fileMentions = (dataDir: string, text: string) =>
  ['creditgraph.sqlite', 'creditgraph.sqlite-wal'].some((f) => {
    try {
      return readFileSync(path.join(dataDir, f)).includes(Buffer.from(text));
    } catch {
      return false;
    }
  });

let t: TestApp;
beforeAll(async () => {
  ({ t } = await startWorkflowApp(new FakeClock(Date.parse('2026-04-15T09:00:00.000Z'))));
});
afterAll(() => t?.close());

it('erases the file, its items and exposure; entities lose the parent; the chain verifies', async () => {
  const create = (customerId: string, extra: Record<string, unknown> = {}) =>
    t.call('POST', '/api/v1/customers', { key: ERP, body: { customerId, identity: { name: `Name of ${customerId}`, currency: 'EUR' }, ...extra } });
  expect((await create(SECRET, { limit: { amount: 100, grantedAt: '2026-01-01T00:00:00Z' }, groupLimit: { amount: 100, grantedAt: '2026-01-01T00:00:00Z' }, facts: [{ input: 'bureauScore', value: 42, source: 'bureau', asOf: '2026-04-01' }] })).status).toBe(201);
  expect((await create('ENTITY-1', { parentId: SECRET })).status).toBe(201);
  const fed = await t.call('POST', '/api/v1/open-items', { key: ERP, body: { items: [{ id: 'INV-SECRET', customerId: SECRET, kind: 'invoice', amount: 500, currency: 'EUR', issueDate: '2026-04-01', dueDate: '2026-05-01', status: 'open' }] } });
  expect(fed.body.alerts.map((a: { type: string }) => a.type)).toEqual(['exposure.overLimit', 'group.overLimit']);

  const erased = await t.call('POST', '/api/v1/erasures', { key: ADMIN, body: { customerId: SECRET, comment: 'data-subject request #7' } });
  expect(erased.status, erased.text).toBe(200);
  expect(erased.body).toMatchObject({ customerFiles: 1, alerts: 2 });
  expect((await t.call('GET', `/api/v1/customers/${SECRET}`, { key: AUDITOR })).status).toBe(404);
  expect((await t.call('GET', '/api/v1/customers/ENTITY-1', { key: AUDITOR })).body.parentId).toBeNull();
  expect((await t.call('GET', `/api/v1/alerts?customerId=${SECRET}`, { key: AUDITOR })).body.items).toEqual([]);
  expect(fileMentions(t.dataDir, SECRET)).toBe(false);
  expect(fileMentions(t.dataDir, `Name of ${SECRET}`)).toBe(false);
  const trail = await t.call('GET', '/api/v1/audit?limit=500', { key: AUDITOR });
  expect(JSON.stringify(trail.body)).not.toContain(SECRET);
  expect((await t.call('GET', '/api/v1/audit/verify', { key: AUDITOR })).body.intact).toBe(true);
});
