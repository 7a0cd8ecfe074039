/** Decisions: facts checks, idempotency, batch, the decision log, replay. */
import { describe, expect, it } from 'vitest';
import { keyOf, useTestApp } from './support/test-app.js';

const erp = keyOf('erp');
const aude = keyOf('aude');
const P = '/api/v1/policies/trade-credit';
const GOOD = { requestedAmount: 50000, annualTurnover: 2_000_000, yearsInBusiness: 12, paymentIncidents: false };

const t = useTestApp();

describe('POST /policies/{id}/decisions', () => {
  it('decides with the active version and logs it', async () => {
    const r = await t.call('POST', `${P}/decisions`, { key: erp, body: { facts: GOOD, customerId: 'C-1' } });
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({ policyId: 'trade-credit', version: 1, outcome: 'accept', riskClass: 'A', customerId: 'C-1', requestId: null });
    expect(r.body.creditLimit.gross).toBe(200000);
    expect(r.body.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.body.trace).toBeUndefined();
    expect(r.headers.get('location')).toBe(`/api/v1/decisions/${r.body.decisionId}`);

    const logged = await t.call('GET', `/api/v1/decisions/${r.body.decisionId}`, { key: aude });
    expect(logged.status).toBe(200);
    expect(logged.body).toMatchObject({ decisionId: r.body.decisionId, caller: 'erp', facts: GOOD, outcome: 'accept', version: 1, source: 'automatic' });
    expect(logged.body.requestHash).toBeUndefined();
  });

  it('adds the trace with ?explain=true', async () => {
    const r = await t.call('POST', `${P}/decisions?explain=true`, { key: erp, body: { facts: GOOD } });
    expect(r.status).toBe(201);
    expect(r.body.trace.length).toBeGreaterThan(3);
    expect(r.body.trace[0]).toHaveProperty('nodeId');
  });

  it('refuses facts that do not match the inputs: 422 with one error per field, nothing logged', async () => {
    const before = (await t.store.listDecisions({ limit: 500 })).items.length;
    const r = await t.call('POST', `${P}/decisions`, {
      key: erp,
      body: { facts: { requestedAmount: 'a lot', annualTurnover: -5, paymentIncidents: 'no', unknownFact: 1 } },
    });
    expect(r.status).toBe(422);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.body.code).toBe('INVALID_FACTS');
    const pointers = r.body.errors.map((e: { pointer: string }) => e.pointer).sort();
    expect(pointers).toEqual(expect.arrayContaining(['/facts/annualTurnover', '/facts/paymentIncidents', '/facts/requestedAmount', '/facts/unknownFact']));
    for (const e of r.body.errors) expect(e.detail.length).toBeGreaterThan(3);
    const missing = await t.call('POST', `${P}/decisions`, { key: erp, body: { facts: { annualTurnover: 1 } } });
    expect(missing.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(expect.arrayContaining(['/facts/requestedAmount', '/facts/paymentIncidents']));
    expect((await t.store.listDecisions({ limit: 500 })).items.length).toBe(before);
  });

  it('refuses request bodies that break the schema', async () => {
    for (const body of [{}, { facts: [] }, { facts: GOOD, version: 0 }, { facts: GOOD, version: '1' }, { facts: GOOD, extra: true }, { facts: GOOD, requestId: '' }]) {
      const r = await t.call('POST', `${P}/decisions`, { key: erp, body });
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.body.code).toBe('INVALID_REQUEST');
    }
  });

  it('pins a version, and 404s an unknown one or an unknown policy', async () => {
    expect((await t.call('POST', `${P}/decisions`, { key: erp, body: { facts: GOOD, version: 1 } })).body.version).toBe(1);
    expect((await t.call('POST', `${P}/decisions`, { key: erp, body: { facts: GOOD, version: 3 } })).status).toBe(404);
    expect((await t.call('POST', '/api/v1/policies/no-such-policy/decisions', { key: erp, body: { facts: GOOD } })).status).toBe(404);
  });
});

describe('idempotency on requestId', () => {
  it('returns the stored decision for the same body, 409 for another body', async () => {
    const body = { facts: GOOD, requestId: 'order-42', customerId: 'C-9' };
    const first = await t.call('POST', `${P}/decisions`, { key: erp, body });
    expect(first.status).toBe(201);
    const again = await t.call('POST', `${P}/decisions`, { key: erp, body });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);

    const other = await t.call('POST', `${P}/decisions`, { key: erp, body: { ...body, facts: { ...GOOD, requestedAmount: 1 } } });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('IDEMPOTENCY_CONFLICT');
    const logged = await t.store.listDecisions({ limit: 500 });
    expect(logged.items.filter((d) => d.requestId === 'order-42')).toHaveLength(1);
  });

  it('logs one decision for 50 concurrent requests with one requestId', async () => {
    const body = { facts: GOOD, requestId: 'burst-1' };
    const results = await Promise.all(Array.from({ length: 50 }, () => t.call('POST', `${P}/decisions`, { key: erp, body })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(49);
    expect(new Set(results.map((r) => r.body.decisionId)).size).toBe(1);
    const logged = await t.store.listDecisions({ limit: 500 });
    expect(logged.items.filter((d) => d.requestId === 'burst-1')).toHaveLength(1);
  });
});

describe('batch', () => {
  it('answers per item, errors included, each decision logged', async () => {
    const r = await t.call('POST', `${P}/decisions/batch`, {
      key: erp,
      body: { items: [{ facts: GOOD, customerId: 'B-1' }, { facts: { requestedAmount: 'x' } }, { facts: { ...GOOD, requestedAmount: 900000 }, customerId: 'B-3' }] },
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ succeeded: 2, failed: 1 });
    expect(r.body.items[0]).toMatchObject({ index: 0, status: 201, decision: { outcome: 'accept', customerId: 'B-1' } });
    expect(r.body.items[1]).toMatchObject({ index: 1, status: 422, error: { code: 'INVALID_FACTS' } });
    expect(r.body.items[1].error.errors.map((e: { pointer: string }) => e.pointer)).toContain('/items/1/facts/requestedAmount');
    expect(r.body.items[2].decision.outcome).toBe('escalate');
    expect((await t.call('GET', `/api/v1/decisions?customerId=B-3`, { key: aude })).body.items).toHaveLength(1);
  });

  it('takes 1,000 items and refuses 1,001', async () => {
    const items = Array.from({ length: 1000 }, (_, i) => ({ facts: { ...GOOD, requestedAmount: i * 100 } }));
    const ok = await t.call('POST', `${P}/decisions/batch`, { key: erp, body: { items } });
    expect(ok.status).toBe(200);
    expect(ok.body.succeeded).toBe(1000);
    const tooMany = await t.call('POST', `${P}/decisions/batch`, { key: erp, body: { items: [...items, { facts: GOOD }] } });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors[0].pointer).toBe('/items');
  });
});

describe('decision log and replay', () => {
  it('filters by policy, customer, outcome and time, newest first, with a cursor', async () => {
    for (let i = 0; i < 5; i++) await t.call('POST', `${P}/decisions`, { key: erp, body: { facts: GOOD, customerId: 'PAGE' } });
    const page1 = await t.call('GET', '/api/v1/decisions?customerId=PAGE&limit=3', { key: aude });
    expect(page1.status).toBe(200);
    expect(page1.body.items).toHaveLength(3);
    expect(page1.body.nextCursor).toBeTruthy();
    const page2 = await t.call('GET', `/api/v1/decisions?customerId=PAGE&limit=3&cursor=${encodeURIComponent(page1.body.nextCursor)}`, { key: aude });
    expect(page2.body.items).toHaveLength(2);
    const all = [...page1.body.items, ...page2.body.items];
    expect(new Set(all.map((d: { decisionId: string }) => d.decisionId)).size).toBe(5);
    const times = all.map((d: { evaluatedAt: string }) => d.evaluatedAt);
    expect([...times].sort().reverse()).toEqual(times);

    const escalations = await t.call('GET', '/api/v1/decisions?policyId=trade-credit&outcome=escalate&limit=500', { key: aude });
    expect(escalations.body.items.length).toBeGreaterThan(0);
    expect(escalations.body.items.every((d: { outcome: string }) => d.outcome === 'escalate')).toBe(true);
    const future = await t.call('GET', '/api/v1/decisions?from=2999-01-01T00:00:00Z', { key: aude });
    expect(future.body.items).toEqual([]);
    expect((await t.call('GET', '/api/v1/decisions?outcome=maybe', { key: aude })).status).toBe(422);
    expect((await t.call('GET', '/api/v1/decisions?limit=100000', { key: aude })).status).toBe(422);
  });

  it('replays a logged decision beside the original, without logging', async () => {
    const d = await t.call('POST', `${P}/decisions`, { key: erp, body: { facts: GOOD } });
    const before = (await t.store.listDecisions({ limit: 500 })).items.length;
    const r = await t.call('POST', `/api/v1/decisions/${d.body.decisionId}/replay`, { key: aude });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ decisionId: d.body.decisionId, same: true, differences: [] });
    expect(r.body.original.version).toBe(1);
    expect(r.body.replay).toMatchObject({ version: 1, contentHash: d.body.contentHash });
    expect(r.body.replay.decision.outcome).toBe('accept');
    expect((await t.store.listDecisions({ limit: 500 })).items.length).toBe(before);
    expect((await t.call('POST', `/api/v1/decisions/${d.body.decisionId}/replay`, { key: aude, body: { version: 9 } })).status).toBe(404);
    expect((await t.call('POST', '/api/v1/decisions/dec_nope/replay', { key: aude })).status).toBe(404);
    expect((await t.call('GET', '/api/v1/decisions/dec_nope', { key: aude })).status).toBe(404);
  });
});
