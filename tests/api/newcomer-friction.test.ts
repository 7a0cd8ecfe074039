/**
 * Issue 13 "newcomer friction": the active version has an address, a cursor the server did not
 * issue is a bad request, a number beyond double range is refused with its field, and a wrong
 * choice lists the allowed values.
 */
import { describe, expect, it } from 'vitest';
import { keyOf, useTestApp } from './support/test-app.js';

const vic = keyOf('vic');
const aude = keyOf('aude');
const erp = keyOf('erp');
const paul = keyOf('paul');
const P = '/api/v1/policies/trade-credit';
const GOOD = { requestedAmount: 50000, annualTurnover: 2_000_000, yearsInBusiness: 12, paymentIncidents: false };

const t = useTestApp();

describe('newcomer friction', () => {
  it('GET …/versions/active returns the active document (the diff already accepted "active")', async () => {
    const active = await t.call('GET', `${P}/versions/active`, { key: vic });
    expect(active.status, active.text).toBe(200);
    const v1 = await t.call('GET', `${P}/versions/1`, { key: vic });
    expect(active.body).toEqual(v1.body);
    expect(active.headers.get('content-location')).toBe(`${P}/versions/1`);
    expect((await t.call('GET', '/api/v1/policies/no-such-policy/versions/active', { key: vic })).status).toBe(404);
  });

  it('a cursor the server did not issue: 400 naming the cursor (decisions and audit)', async () => {
    for (const [url, key] of [
      ['/api/v1/decisions?cursor=not-a-cursor', aude],
      ['/api/v1/audit?cursor=bm90LWEtY3Vyc29y', aude],
    ] as const) {
      const r = await t.call('GET', url, { key });
      expect(r.status, `${url}: ${r.text}`).toBe(400);
      expect(r.body.errors).toEqual([expect.objectContaining({ pointer: '/cursor', in: 'query' })]);
    }
  });

  it('"version": 1e309 is 422 naming /version, not a crash or a 404', async () => {
    const r = await t.call('POST', `${P}/decisions`, { key: erp, rawBody: `{"facts": ${JSON.stringify(GOOD)}, "version": 1e309}`, headers: { 'content-type': 'application/json' } });
    expect(r.status, r.text).toBe(422);
    expect(r.body.errors).toEqual([expect.objectContaining({ pointer: '/version' })]);
    const deep = await t.call('POST', `${P}/decisions`, { key: erp, rawBody: `{"facts": {"requestedAmount": -1e400}}`, headers: { 'content-type': 'application/json' } });
    expect(deep.status).toBe(422);
    expect(deep.body.errors[0].pointer).toBe('/facts/requestedAmount');
  });

  it('status=all lists the allowed values', async () => {
    const r = await t.call('GET', '/api/v1/approvals?status=all', { key: paul });
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([expect.objectContaining({ pointer: '/status', in: 'query', detail: 'must be one of: pending, approved, refused' })]);
  });
});
