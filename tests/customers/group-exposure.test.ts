/**
 * Group exposure (issue 24): a group limit on the parent, exposure summed over its entities (over
 * HTTP and as alerts), and policies reading the group figures as facts the file supplies
 * (groupExposure, groupLimit, groupHeadroom; fixture group-credit.json escalates a request
 * beyond the group's headroom).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyOf, startTestApp, type TestApp } from '../api/support/test-app.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const erp = keyOf('erp');
const aude = keyOf('aude');
const C = '/api/v1/customers';
const FACTS = { annualTurnover: 2_000_000, yearsInBusiness: 12, paymentIncidents: false };

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ rulesets: FIXTURES });
  const make = async (customerId: string, extra: Record<string, unknown>) => {
    const r = await t.call('POST', C, { key: erp, body: { customerId, identity: { name: customerId, currency: 'EUR' }, facts: Object.entries(FACTS).map(([input, value]) => ({ input, value, source: 'erp', asOf: '2025-12-31' })), ...extra } });
    expect(r.status, r.text).toBe(201);
  };
  await make('GRP', { groupLimit: { amount: 100000, grantedAt: '2026-01-01T00:00:00Z' } });
  await make('GRP-FR', { parentId: 'GRP', limit: { amount: 80000, grantedAt: '2026-01-01T00:00:00Z' } });
  await make('GRP-DE', { parentId: 'GRP' });
  await make('GRP-US', { parentId: 'GRP', identity: { name: 'GRP-US', currency: 'USD' } });
  await make('SOLO', {});
});
afterAll(() => t?.close());

const invoice = (id: string, customerId: string, amount: number, currency = 'EUR') => ({ id, customerId, kind: 'invoice', amount, currency, issueDate: '2026-11-01', dueDate: '2027-01-31', status: 'open' });

describe('a group', () => {
  it('sums its entities\' exposure against the group limit, and alerts on the parent when it passes', async () => {
    const first = await t.call('POST', '/api/v1/open-items', { key: erp, body: { items: [invoice('G1', 'GRP', 10000), invoice('G2', 'GRP-FR', 50000), invoice('G3', 'GRP-DE', 30000), invoice('G4', 'GRP-US', 99999, 'USD')] } });
    expect(first.body.alerts).toEqual([]);
    const g = await t.call('GET', `${C}/GRP-DE/group`, { key: aude });
    expect(g.status, g.text).toBe(200);
    expect(g.body).toMatchObject({ parentId: 'GRP', currency: 'EUR', exposure: 90000, groupLimit: 100000, headroom: 10000, notSummed: ['GRP-US'] });
    expect(g.body.entities.map((e: { customerId: string; outstanding: number }) => [e.customerId, e.outstanding])).toEqual([['GRP', 10000], ['GRP-DE', 30000], ['GRP-FR', 50000], ['GRP-US', 99999]]);

    const over = await t.call('POST', '/api/v1/open-items', { key: erp, body: { items: [invoice('G5', 'GRP-DE', 15000)] } });
    expect(over.body.alerts.map((a: { type: string; customerId: string; details: { exposure: number } }) => [a.type, a.customerId, a.details.exposure])).toEqual([['group.overLimit', 'GRP', 105000]]);
    const fr = await t.call('GET', '/api/v1/alerts?type=group.overLimit', { key: aude, headers: { 'accept-language': 'fr' } });
    expect(fr.body.items[0].message).toBe('L’encours du groupe de 105\u202f000 EUR dépasse la limite de groupe de 100\u202f000 (dépassement de 5\u202f000).');
  });

  it('gives policies the group figures as facts, with their source', async () => {
    // Group exposure 105,000 against 100,000: no headroom left, so even a small request escalates.
    const r = await t.call('POST', '/api/v1/policies/group-credit/decisions', { key: erp, body: { customerId: 'GRP-FR', facts: { requestedAmount: 1000 } } });
    expect(r.status, r.text).toBe(201);
    expect(r.body.outcome).toBe('escalate');
    expect(r.body.reasons.map((x: { code: string }) => x.code)).toContain('GROUP_LIMIT');
    const today = new Date().toISOString().slice(0, 10);
    expect(r.body.factSources).toMatchObject({ requestedAmount: 'request', groupExposure: { source: 'file', asOf: today }, groupLimit: { source: 'file' }, groupHeadroom: { source: 'file' }, annualTurnover: { source: 'erp', asOf: '2025-12-31' } });
    const logged = await t.call('GET', `/api/v1/decisions/${r.body.decisionId}`, { key: aude });
    expect(logged.body.facts).toMatchObject({ groupExposure: 105000, groupLimit: 100000, groupHeadroom: -5000 });
    expect((await t.call('POST', `/api/v1/decisions/${r.body.decisionId}/replay`, { key: aude, body: {} })).body.same).toBe(true);

    // Paid down: headroom again, the same request is accepted.
    await t.call('POST', '/api/v1/open-items', { key: erp, body: { items: [{ ...invoice('G5', 'GRP-DE', 0), status: 'closed' }, { ...invoice('G3', 'GRP-DE', 0), status: 'closed' }] } });
    const after = await t.call('POST', '/api/v1/policies/group-credit/decisions', { key: erp, body: { customerId: 'GRP-FR', facts: { requestedAmount: 1000 } } });
    expect(after.body.outcome).toBe('accept');
    expect((await t.call('GET', `/api/v1/decisions/${after.body.decisionId}`, { key: aude })).body.facts.groupHeadroom).toBe(40000);
  });

  it('supplies no group figure to a customer outside any group', async () => {
    const r = await t.call('POST', '/api/v1/policies/group-credit/decisions', { key: erp, body: { customerId: 'SOLO', facts: { requestedAmount: 1000 } } });
    expect(r.body.outcome).toBe('accept');
    expect(r.body.factSources.groupExposure).toBeUndefined();
  });
});
