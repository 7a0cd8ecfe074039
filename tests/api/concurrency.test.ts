/** Races through the HTTP layer: optimistic concurrency, one publication, one logged decision. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, keyOf, useTestApp } from './support/test-app.js';

const fixture = JSON.parse(readFileSync(path.join(FIXTURES, 'trade-credit.json'), 'utf8'));
const P = '/api/v1/policies/trade-credit';
const GOOD = { requestedAmount: 50000, annualTurnover: 2_000_000, yearsInBusiness: 12, paymentIncidents: false };

const t = useTestApp();

const count = (statuses: number[], s: number) => statuses.filter((x) => x === s).length;

describe('concurrency', () => {
  it('50 parallel draft saves with the same ETag: exactly one wins, the rest get 412', async () => {
    const etag = (await t.call('GET', `${P}/draft`, { key: keyOf('ana') })).headers.get('etag')!;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        const document = structuredClone(fixture);
        document.description = `edit ${i}`;
        return t.call('PUT', `${P}/draft`, { key: i % 2 ? keyOf('ana') : keyOf('alex'), body: { document }, headers: { 'if-match': etag } });
      }),
    );
    const statuses = results.map((r) => r.status);
    expect(count(statuses, 200)).toBe(1);
    expect(count(statuses, 412)).toBe(49);
    const winner = results.find((r) => r.status === 200)!;
    const now = await t.call('GET', `${P}/draft`, { key: keyOf('ana') });
    expect(now.body.document.description).toBe(winner.body.document.description);
  });

  it('20 parallel approvals of one submitted draft publish exactly one version', async () => {
    expect((await t.call('POST', `${P}/draft/submit`, { key: keyOf('ana'), body: { comment: 'race' } })).status).toBe(200);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => t.call('POST', `${P}/draft/approve`, { key: i % 2 ? keyOf('paul') : keyOf('pia'), body: { comment: `approval ${i}` } })),
    );
    const statuses = results.map((r) => r.status);
    expect(count(statuses, 201)).toBe(1);
    expect(statuses.every((s) => s === 201 || s === 409 || s === 412)).toBe(true);
    const versions = await t.call('GET', `${P}/versions`, { key: keyOf('vic') });
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([1, 2]);
  });

  it('1,000 concurrent decisions with one requestId log one decision', async () => {
    const body = { facts: GOOD, requestId: 'thousand' };
    const results = await Promise.all(Array.from({ length: 1000 }, () => t.call('POST', `${P}/decisions`, { key: keyOf('erp'), body })));
    expect(count(results.map((r) => r.status), 201)).toBe(1);
    expect(count(results.map((r) => r.status), 200)).toBe(999);
    expect(new Set(results.map((r) => r.body.decisionId)).size).toBe(1);
    const logged = await t.store.listDecisions({ limit: 500 });
    expect(logged.items.filter((d) => d.requestId === 'thousand')).toHaveLength(1);
  });
});
