/**
 * Hostile and broken requests: each gets a 4xx problem+json that names the problem, nothing is
 * written, and the server stays healthy.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { keyOf, useTestApp, type CallResult } from './support/test-app.js';

const erp = keyOf('erp');
const ana = keyOf('ana');
const vic = keyOf('vic');
const P = '/api/v1/policies/trade-credit';
const GOOD = { requestedAmount: 50000, annualTurnover: 2_000_000, yearsInBusiness: 12, paymentIncidents: false };

const t = useTestApp();
let lastSeqBefore = 0;
beforeAll(async () => {
  lastSeqBefore = (await t.store.listAudit({ limit: 1 })).items[0]!.seq;
});

function expectProblem(r: CallResult, status: number, code: string) {
  expect(r.status, r.text).toBe(status);
  expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(r.body).toMatchObject({ status, code, type: expect.stringMatching(/^https:\/\/creditgraph\.dev\/problems\//), title: expect.any(String), detail: expect.any(String) });
  expect(r.text).not.toMatch(/at .*\.(ts|js):\d+/); // no stack trace
}

describe('bodies', () => {
  it('400 on malformed JSON', async () => {
    for (const raw of ['{', '{"facts": }', "{'facts': {}}", 'NaN', '{"facts": {"requestedAmount": NaN}}', '{"facts": {"a": Infinity}}']) {
      expectProblem(await t.call('POST', `${P}/decisions`, { key: erp, rawBody: raw, headers: { 'content-type': 'application/json' } }), 400, 'MALFORMED_JSON');
    }
  });

  it('415 on a wrong content type, 400 on an empty body where one is needed', async () => {
    expectProblem(await t.call('POST', `${P}/decisions`, { key: erp, rawBody: JSON.stringify({ facts: GOOD }), headers: { 'content-type': 'text/plain' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectProblem(await t.call('POST', `${P}/decisions`, { key: erp, rawBody: 'facts=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectProblem(await t.call('POST', `${P}/decisions`, { key: erp, rawBody: '{}', headers: { 'content-type': 'application/json; charset=latin1' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectProblem(await t.call('POST', `${P}/decisions`, { key: erp }), 400, 'EMPTY_BODY');
  });

  it('413 above 1 MB', async () => {
    const big = JSON.stringify({ facts: GOOD, customerId: 'x'.repeat(2 * 1024 * 1024) });
    expectProblem(await t.call('POST', `${P}/decisions`, { key: erp, rawBody: big, headers: { 'content-type': 'application/json' } }), 413, 'BODY_TOO_LARGE');
  });

  it('400 on 10,000-deep nesting, without blowing the stack', async () => {
    const deep = '{"facts":' + '['.repeat(10000) + ']'.repeat(10000) + '}';
    expectProblem(await t.call('POST', `${P}/decisions`, { key: erp, rawBody: deep, headers: { 'content-type': 'application/json' } }), 400, 'NESTING_TOO_DEEP');
  });

  it('refuses __proto__, constructor and prototype keys anywhere, and nothing gets polluted', async () => {
    for (const raw of [
      '{"facts": {"__proto__": {"polluted": true}}}',
      '{"__proto__": {"polluted": true}, "facts": {}}',
      '{"facts": {"constructor": {"prototype": {"polluted": true}}}}',
      '{"document": {"id": "trade-credit", "name": "x", "nodes": [{"prototype": {"polluted": 1}}]}}',
      '{"facts": {"\\u005f_proto__": {"polluted": true}}}',
    ]) {
      const r = await t.call('POST', `${P}/decisions`, { key: erp, rawBody: raw, headers: { 'content-type': 'application/json' } });
      expectProblem(r, 400, 'FORBIDDEN_KEY');
      expect(r.body.errors[0].pointer).toMatch(/__proto__|constructor|prototype/);
    }
    expect((await t.call('GET', '/api/v1/decisions?__proto__[polluted]=1&__proto__=x&constructor[prototype][polluted]=1', { key: keyOf('aude') })).status).toBeLessThan(500);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('422 on strings where numbers go, 1e309, negative amounts', async () => {
    for (const facts of [{ ...GOOD, requestedAmount: '50000' }, { ...GOOD, requestedAmount: -1 }, { ...GOOD, yearsInBusiness: 2.5 }]) {
      expectProblem(await t.call('POST', `${P}/decisions`, { key: erp, body: { facts } }), 422, 'INVALID_FACTS');
    }
    // 1e309 parses to Infinity: never a valid amount.
    const r = await t.call('POST', `${P}/decisions`, { key: erp, rawBody: '{"facts": {"requestedAmount": 1e309, "annualTurnover": 1, "paymentIncidents": false}}', headers: { 'content-type': 'application/json' } });
    expectProblem(r, 422, 'INVALID_FACTS');
    expect(r.body.errors[0].pointer).toBe('/facts/requestedAmount');
  });

  it('handles Unicode edge cases in ids and strings', async () => {
    const r = await t.call('POST', `${P}/decisions`, { key: erp, body: { facts: GOOD, customerId: 'Ünïcødé \u{1F600}' } });
    expect(r.status).toBe(201);
    expect(r.body.customerId).toBe('Ünïcødé \u{1F600}');
    // Bidi overrides and NUL would be stored but shown differently: refused, naming the field (issue 13).
    const hidden = await t.call('POST', `${P}/decisions`, { key: erp, body: { facts: GOOD, customerId: 'Ünïcødé \u202E\u0000' } });
    expect(hidden.status).toBe(400);
    expect(hidden.body.errors[0].pointer).toBe('/customerId');
    const lone = await t.call('POST', `${P}/decisions`, { key: erp, rawBody: '{"facts": {}, "customerId": "\\ud800"}', headers: { 'content-type': 'application/json' } });
    expect(lone.status).toBeLessThan(500);
    expectProblem(await t.call('GET', '/api/v1/policies/%C3%A9t%C3%A9', { key: vic }), 404, 'NOT_FOUND');
  });
});

describe('ids and routes', () => {
  it('404 on unknown policy, version, decision ids and path traversal', async () => {
    for (const p of [
      '/api/v1/policies/unknown-policy',
      '/api/v1/policies/..%2F..%2Fetc%2Fpasswd',
      '/api/v1/policies/trade-credit/versions/0',
      '/api/v1/policies/trade-credit/versions/-1',
      '/api/v1/policies/trade-credit/versions/1e3',
      '/api/v1/policies/trade-credit/versions/99999999999999',
    ]) {
      const r = await t.call('GET', p, { key: vic });
      expectProblem(r, 404, 'NOT_FOUND');
    }
    expectProblem(await t.call('GET', '/api/v1/decisions/..%2F..%2Fetc%2Fpasswd', { key: keyOf('aude') }), 404, 'NOT_FOUND');
    // A client that resolves dot segments itself just reaches no route.
    expect((await t.call('GET', '/api/v1/policies/%2E%2E/%2E%2E/etc/passwd', { key: vic })).status).toBe(404);
  });

  it('404 in the same format for unknown routes, inside and outside the API', async () => {
    expectProblem(await t.call('GET', '/api/v1/nothing-here', { key: vic }), 404, 'ROUTE_NOT_FOUND');
    expectProblem(await t.call('DELETE', '/api/v1/policies', { key: vic }), 404, 'ROUTE_NOT_FOUND');
    expectProblem(await t.call('GET', '/nothing-here'), 404, 'ROUTE_NOT_FOUND');
    expectProblem(await t.call('GET', '/api/v2/policies'), 404, 'ROUTE_NOT_FOUND');
  });

  it('409 when a requestId is reused with another body', async () => {
    await t.call('POST', `${P}/decisions`, { key: erp, body: { facts: GOOD, requestId: 'dup-1' } });
    expectProblem(await t.call('POST', `${P}/decisions`, { key: erp, body: { facts: { ...GOOD, requestedAmount: 2 }, requestId: 'dup-1' } }), 409, 'IDEMPOTENCY_CONFLICT');
  });
});

describe('policy documents', () => {
  it('refuses oversized documents by a stated limit', async () => {
    const nodes = Array.from({ length: 5000 }, (_, i) => ({ id: `n${i}`, kind: 'decision', config: {} }));
    const r = await t.call('POST', '/api/v1/policies', { key: ana, body: { document: { id: 'huge-policy', name: 'Huge', nodes } } });
    expectProblem(r, 422, 'INVALID_REQUEST');
    expect(r.body.errors[0].pointer).toBe('/document/nodes');
  });

  it('reports escaping expressions as diagnostics, never runs them', async () => {
    const etag = (await t.call('GET', `${P}/draft`, { key: ana })).headers.get('etag')!;
    const current = (await t.call('GET', `${P}/versions/1`, { key: ana })).body.document;
    const evil = structuredClone(current);
    evil.nodes.unshift({
      id: 'evil',
      kind: 'formula',
      config: {
        variables: [
          { name: 'a', expression: "constructor.constructor('return process')()" },
          { name: 'b', expression: 'this' },
          { name: 'c', expression: 'globalThis.process' },
          { name: 'd', expression: 'requestedAmount.__proto__' },
        ],
      },
    });
    const r = await t.call('PUT', `${P}/draft`, { key: ana, body: { document: evil }, headers: { 'if-match': etag } });
    expect(r.status).toBe(200);
    expect(r.body.valid).toBe(false);
    const exprErrors = r.body.diagnostics.filter((d: { path: string; severity: string }) => d.path.startsWith('/nodes/0/config/variables') && d.severity === 'error');
    expect(exprErrors.length).toBeGreaterThanOrEqual(4);
    const run = await t.call('POST', `${P}/draft/evaluate`, { key: ana, body: { facts: GOOD } });
    expectProblem(run, 422, 'POLICY_INVALID');
    // Put the draft back for the next tests.
    await t.call('PUT', `${P}/draft`, { key: ana, body: { document: current }, headers: { 'if-match': r.headers.get('etag')! } });
  });
});

describe('afterwards', () => {
  it('wrote nothing but the draft saves and the accepted decisions, and is still healthy', async () => {
    const audit = (await t.store.listAudit({ limit: 500 })).items;
    const newActions = audit.filter((e) => e.seq > lastSeqBefore).map((e) => e.action);
    expect(new Set(newActions)).toEqual(new Set(['draft.saved']));
    expect((await t.call('GET', '/healthz')).status).toBe(200);
    expect((await t.call('GET', '/readyz')).status).toBe(200);
    expect((await t.call('POST', `${P}/decisions`, { key: erp, body: { facts: GOOD } })).status).toBe(201);
  });

  it('sends security headers, and no CORS headers', async () => {
    const r = await t.call('GET', '/api/v1/me', { key: vic, headers: { origin: 'https://evil.example' } });
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(r.headers.get('strict-transport-security')).toBeTruthy();
    expect(r.headers.get('x-powered-by')).toBeNull();
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await t.call('OPTIONS', '/api/v1/me', { headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});
