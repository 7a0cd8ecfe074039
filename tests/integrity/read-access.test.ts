/**
 * Who read what: reads of decisions, of the audit trail and exports are recorded in the audit
 * chain (`access.read`), queryable by an admin and an auditor at /access-log, with the records
 * read and never a customer id. A read is still served when the disk refuses to record it.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqliteStore } from '../../api/store/sqlite-store/sqlite-store.js';
import { keyOf, startTestApp, type TestApp } from '../api/support/test-app.js';

const P = '/api/v1/policies/trade-credit';
const FACTS = { requestedAmount: 1000, annualTurnover: 2_000_000, yearsInBusiness: 12, paymentIncidents: false };

describe('the access log', () => {
  let t: TestApp;
  const logged: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({ write: (chunk, _enc, done) => void (logged.push(String(chunk)), done()) });
    t = await startTestApp({ app: { logger: pino({ level: 'error' }, sink) } });
  });
  afterAll(() => t.close());

  it('records who read which decisions, audit entries and exports, in the chain, without customer ids', async () => {
    const d = await t.call('POST', `${P}/decisions`, { key: keyOf('erp'), body: { facts: FACTS, customerId: 'CUST-SECRET-77' } });
    const id = d.body.decisionId as string;
    const aude = keyOf('aude');
    expect((await t.call('GET', '/api/v1/decisions?customerId=CUST-SECRET-77', { key: aude })).status).toBe(200);
    expect((await t.call('GET', `/api/v1/decisions/${id}`, { key: aude })).status).toBe(200);
    expect((await t.call('POST', `/api/v1/decisions/${id}/replay`, { key: aude, body: {} })).status).toBe(200);
    expect((await t.call('GET', '/api/v1/audit?limit=3', { key: aude })).status).toBe(200);
    expect((await fetch(`${t.url}${P}/versions/1/export`, { headers: { authorization: `Bearer ${aude}` } })).status).toBe(200);

    const log = await t.call('GET', '/api/v1/access-log?actor=aude', { key: keyOf('adam') }); // an admin may read it
    expect(log.status).toBe(200);
    const reads = [...log.body.items].reverse();
    expect(reads.map((r: { what: string }) => r.what)).toEqual(['decisions', 'decision', 'decision.replay', 'audit', 'export.version']);
    expect(reads[0]).toMatchObject({ reader: 'aude', details: { decisionIds: [id], count: 1, filter: { byCustomer: true } } });
    expect(reads[1].details).toEqual({ decisionIds: [id], policyId: 'trade-credit' });
    expect(reads[4].details).toEqual({ policyId: 'trade-credit', version: 1 });
    expect(JSON.stringify(log.body)).not.toContain('CUST-SECRET-77');

    // Each record is an entry of the keyed chain, which still verifies.
    const entries = (await t.call('GET', '/api/v1/audit?action=access.read&limit=500', { key: aude })).body.items;
    expect(entries.map((e: { seq: number }) => e.seq)).toEqual(expect.arrayContaining(reads.map((r: { seq: number }) => r.seq)));
    for (const e of entries) expect(e).toMatchObject({ mac: expect.stringMatching(/^[0-9a-f]{64}$/), intact: true });
    expect((await t.call('GET', '/api/v1/integrity', { key: aude })).body.intact).toBe(true);

    // The admin's own read is recorded too; an author, a viewer and the ERP may not read the log.
    const admins = await t.call('GET', '/api/v1/access-log?actor=adam', { key: aude });
    expect(admins.body.items[0]).toMatchObject({ reader: 'adam', what: 'access-log' });
    for (const who of ['ana', 'vic', 'erp']) expect((await t.call('GET', '/api/v1/access-log', { key: keyOf(who) })).status).toBe(403);

    // Filtered by the kind of read (an unknown kind is refused, naming the parameter).
    const replays = await t.call('GET', '/api/v1/access-log?actor=aude&what=decision.replay', { key: aude });
    expect(replays.body.items.map((r: { what: string; details: { decisionIds: string[] } }) => [r.what, r.details.decisionIds])).toEqual([['decision.replay', [id]]]);
    const bad = await t.call('GET', '/api/v1/access-log?what=everything', { key: aude });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('what');
  });

  it('serves a read the disk refuses to record, and says so in the log', async () => {
    const store = t.store as SqliteStore;
    await store.pragmaForTests('query_only = 1');
    try {
      const r = await t.call('GET', '/api/v1/decisions?limit=1', { key: keyOf('aude') });
      expect(r.status).toBe(200);
    } finally {
      await store.pragmaForTests('query_only = 0');
    }
    expect(logged.some((l) => l.includes('recording a read failed') && l.includes('"reader":"aude"'))).toBe(true);
  });
});
