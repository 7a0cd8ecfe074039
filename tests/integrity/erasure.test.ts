/**
 * Erasure on request and retention: a customer's personal data leaves the decision log, its
 * approval requests, alerts and webhook deliveries, and the database file itself; the audit chain
 * and every decision seal still verify (the chain only ever held a salted pseudonym, the seals a
 * salted digest, and the salt is destroyed). Retention anonymises decisions past their period.
 */
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, AUDITOR, B2B_FACTS_ESCALATING, FakeClock, escalate, startWorkflowApp } from './erasure-support.js';
import type { TestApp } from '../api/support/test-app.js';

const SECRET = 'CUST-ERASE-ME-4711';

function fileMentions(dataDir: string, text: string): boolean {
  const needle = Buffer.from(text, 'utf8');
  for (const f of ['creditgraph.sqlite', 'creditgraph.sqlite-wal']) {
    try {
      if (readFileSync(path.join(dataDir, f)).includes(needle)) return true;
    } catch {
      /* no WAL file: nothing in it */
    }
  }
  return false;
}

describe('erasing one customer', () => {
  let t: TestApp;
  let clock: FakeClock;
  beforeAll(async () => {
    ({ t, clock } = await startWorkflowApp());
    t.services.retention = { decisions: 365 };
  });
  afterAll(() => t.close());

  it('removes its personal data everywhere, and the chain and the seals still verify', async () => {
    const escalated = await escalate(t, { customerId: SECRET, exposure: 999_999 }); // an approval request and an alert
    expect(escalated.approvalId).toBeDefined();
    await escalate(t, { customerId: SECRET });
    await escalate(t, { customerId: 'CUST-KEPT' });
    expect((await t.call('GET', `/api/v1/approvals?customerId=${SECRET}`, { key: AUDITOR })).body.items).toHaveLength(2);
    expect((await t.call('GET', `/api/v1/alerts?customerId=${SECRET}`, { key: AUDITOR })).body.items.length).toBeGreaterThan(0);
    // The audit trail never held the id: a salted pseudonym instead.
    const before = await t.call('GET', '/api/v1/audit?limit=500', { key: AUDITOR });
    expect(JSON.stringify(before.body)).not.toContain(SECRET);
    expect(before.body.items.find((e: { action: string }) => e.action === 'approval.opened').details.customerRef).toMatch(/^[0-9a-f]{32}$/);

    const erased = await t.call('POST', '/api/v1/erasures', { key: ADMIN, body: { customerId: SECRET, comment: 'data-subject request #42' } });
    expect(erased.status, erased.text).toBe(200);
    expect(erased.body).toMatchObject({ decisions: 2, approvals: 2 });
    expect(erased.body.alerts).toBeGreaterThan(0);

    // Nothing left to read, through the API or in the file (freed space zeroed, WAL emptied).
    expect((await t.call('GET', `/api/v1/decisions?customerId=${SECRET}`, { key: AUDITOR })).body.items).toEqual([]);
    expect((await t.call('GET', `/api/v1/approvals?customerId=${SECRET}`, { key: AUDITOR })).body.items).toEqual([]);
    expect((await t.call('GET', `/api/v1/alerts?customerId=${SECRET}`, { key: AUDITOR })).body.items).toEqual([]);
    const db = new Database(path.join(t.dataDir, 'creditgraph.sqlite'), { readonly: true });
    try {
      for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]) {
        const rows = db.prepare(`SELECT * FROM "${name}"`).all();
        expect(JSON.stringify(rows), name).not.toContain(SECRET);
      }
    } finally {
      db.close();
    }
    expect(fileMentions(t.dataDir, SECRET)).toBe(false);

    // What is left still proves itself: the decision, anonymised, matches its seal; the chain is intact.
    const anonymous = await t.call('GET', `/api/v1/decisions/${escalated.decisionId}`, { key: AUDITOR });
    expect(anonymous.body).toMatchObject({ customerId: null, facts: {}, erasedAt: expect.any(String), seal: 'intact', outcome: 'escalate' });
    const verdict = await t.call('GET', '/api/v1/integrity', { key: AUDITOR });
    expect(verdict.body).toMatchObject({ intact: true, audit: { intact: true }, decisions: { intact: true, altered: [] } });
    const entry = (await t.call('GET', '/api/v1/audit?action=customer.erased', { key: AUDITOR })).body.items[0];
    expect(entry).toMatchObject({ actor: 'adam', comment: 'data-subject request #42', intact: true });
    // The other customer is untouched.
    const kept = await t.call('GET', '/api/v1/decisions?customerId=CUST-KEPT', { key: AUDITOR });
    expect(kept.body.items.map((d: { seal: string; customerId: string }) => [d.customerId, d.seal])).toEqual([['CUST-KEPT', 'intact']]);
    // Only an admin erases.
    expect((await t.call('POST', '/api/v1/erasures', { key: AUDITOR, body: { customerId: 'CUST-KEPT', comment: 'x' } })).status).toBe(403);
  });

  it('anonymises decisions past their retention period, and keeps the newer ones', async () => {
    const old = await escalate(t, { customerId: 'CUST-OLD' });
    clock.advanceHours(24 * 400);
    const recent = await escalate(t, { customerId: 'CUST-OLD' });
    const r = await t.call('POST', '/api/v1/retention/run', { key: ADMIN });
    expect(r.status, r.text).toBe(200);
    expect(r.body.decisions).toBeGreaterThanOrEqual(1);
    expect((await t.call('GET', `/api/v1/decisions/${old.decisionId}`, { key: AUDITOR })).body).toMatchObject({ customerId: null, facts: {}, seal: 'intact' });
    expect((await t.call('GET', `/api/v1/decisions/${recent.decisionId}`, { key: AUDITOR })).body).toMatchObject({ customerId: 'CUST-OLD', seal: 'intact' });
    expect((await t.call('GET', '/api/v1/integrity', { key: AUDITOR })).body.intact).toBe(true);
    expect(B2B_FACTS_ESCALATING.requestedAmount).toBe(45000);
  });
});
