/**
 * The races of issue 7 through the REAL server process (tests/api/concurrency.test.ts runs the
 * same three in-process): 50 parallel draft saves with one ETag → one 200, 49 × 412; 20 parallel
 * approvals → one new version; 1,000 concurrent decisions with one requestId → one logged
 * decision. Plus: the same requestId raced with DIFFERENT bodies (one 201, the rest 200 or 409,
 * one logged), and a batch racing single requests on shared requestIds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { B2B_FACTS, DEMO, http, startTempServer, type TempServer } from './support/server-process.js';

const P = '/api/v1/policies/b2b-standard';
let server: TempServer;
const call = (method: string, p: string, o: Parameters<typeof http>[3] = {}) => http(server.url, method, p, o);
const count = (xs: number[], s: number) => xs.filter((x) => x === s).length;

beforeAll(async () => {
  server = await startTempServer('cg-races-');
});
afterAll(() => server?.close());

async function logged(requestId: string) {
  const all: { requestId: string; decisionId: string }[] = [];
  let cursor: string | null = null;
  do {
    const r = await call('GET', `/api/v1/decisions?policyId=b2b-standard&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { key: DEMO.auditor });
    all.push(...r.body.items);
    cursor = r.body.nextCursor;
  } while (cursor);
  return all.filter((d) => d.requestId === requestId);
}

describe('races through the real server', () => {
  it('50 parallel draft saves with the same ETag: exactly one 200, 49 × 412, and the draft is the winner', async () => {
    const draft = await call('GET', `${P}/draft`, { key: DEMO.author });
    const etag = draft.headers.get('etag')!;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call('PUT', `${P}/draft`, { key: DEMO.author, body: { document: { ...draft.body.document, description: `race ${i}` }, comment: `race ${i}` }, headers: { 'if-match': etag } }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(count(statuses, 200)).toBe(1);
    expect(count(statuses, 412)).toBe(49);
    for (const r of results.filter((x) => x.status === 412)) expect(r.body.code).toBe('PRECONDITION_FAILED');
    const winner = results.find((r) => r.status === 200)!;
    expect((await call('GET', `${P}/draft`, { key: DEMO.author })).body.document.description).toBe(winner.body.document.description);
    const audit = (await call('GET', '/api/v1/audit?policyId=b2b-standard&limit=500', { key: DEMO.auditor })).body.items;
    expect(audit.filter((e: { action: string; comment: string }) => e.action === 'draft.saved' && e.comment?.startsWith('race '))).toHaveLength(1);
  });

  it('20 parallel approvals of one submitted draft publish exactly one new version', async () => {
    expect((await call('POST', `${P}/draft/submit`, { key: DEMO.author, body: { comment: 'race' } })).status).toBe(200);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => call('POST', `${P}/draft/approve`, { key: DEMO.approver, body: { comment: `approval ${i}` } })));
    const statuses = results.map((r) => r.status);
    expect(count(statuses, 201)).toBe(1);
    // Approvers without If-Match who lose the race get 409 (the state changed), never 412 (issue 13).
    expect(statuses.every((s) => s === 201 || s === 409), JSON.stringify(statuses)).toBe(true);
    const versions = (await call('GET', `${P}/versions`, { key: DEMO.auditor })).body.items.map((v: { version: number }) => v.version);
    expect(versions).toEqual([1, 2]);
    const audit = (await call('GET', '/api/v1/audit?policyId=b2b-standard&limit=500', { key: DEMO.auditor })).body.items;
    expect(audit.filter((e: { action: string }) => e.action === 'version.published')).toHaveLength(2);
  });

  it('1,000 concurrent decisions with one requestId: one 201, 999 × 200 with the same decision, one logged', async () => {
    const body = { facts: B2B_FACTS, requestId: 'race-thousand' };
    const results = await Promise.all(Array.from({ length: 1000 }, () => call('POST', `${P}/decisions`, { key: DEMO.system, body })));
    const statuses = results.map((r) => r.status);
    expect(count(statuses, 201)).toBe(1);
    expect(count(statuses, 200)).toBe(999);
    expect(new Set(results.map((r) => r.body.decisionId)).size).toBe(1);
    expect(results.filter((r) => r.status === 200).every((r) => r.headers.get('idempotent-replayed') === 'true')).toBe(true);
    expect(await logged('race-thousand')).toHaveLength(1);
  });

  it('one requestId raced with different bodies: one 201, every other answer 200 (same body) or 409, one logged', async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => call('POST', `${P}/decisions`, { key: DEMO.system, body: { facts: { ...B2B_FACTS, requestedAmount: 1000 + (i % 4) }, requestId: 'race-bodies' } })),
    );
    const statuses = results.map((r) => r.status);
    expect(count(statuses, 201)).toBe(1);
    const winner = results.find((r) => r.status === 201)!;
    results.forEach((r, i) => {
      const sameBody = 1000 + (i % 4) === winner.body.facts?.requestedAmount || (r.status === 200 && r.body.decisionId === winner.body.decisionId);
      if (r.status === 200) expect(r.body.decisionId).toBe(winner.body.decisionId);
      else if (r.status === 409) expect(r.body.code).toBe('IDEMPOTENCY_CONFLICT');
      else expect(r.status).toBe(201);
      void sameBody;
    });
    expect(count(statuses, 200) + count(statuses, 409)).toBe(199);
    expect(await logged('race-bodies')).toHaveLength(1);
  });

  it('a batch racing single requests on shared requestIds logs each requestId once', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => `race-batch-${i}`);
    const items = ids.map((requestId) => ({ facts: B2B_FACTS, requestId }));
    const [batchA, batchB, ...singles] = await Promise.all([
      call('POST', `${P}/decisions/batch`, { key: DEMO.system, body: { items } }),
      call('POST', `${P}/decisions/batch`, { key: DEMO.system, body: { items: [...items].reverse() } }),
      ...ids.map((requestId) => call('POST', `${P}/decisions`, { key: DEMO.system, body: { facts: B2B_FACTS, requestId } })),
    ]);
    expect(batchA!.status).toBe(200);
    expect(batchB!.status).toBe(200);
    const created = [...batchA!.body.items, ...batchB!.body.items].filter((x: { status: number }) => x.status === 201).length + singles.filter((r) => r.status === 201).length;
    expect(created).toBe(50);
    for (const id of ids) {
      const l = await logged(id);
      expect(l, id).toHaveLength(1);
    }
  });
});
