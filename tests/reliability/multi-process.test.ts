/**
 * Several processes on one data folder (SQLite): two REAL API server processes share DATA_DIR.
 * What one changes, the other sees on its very next request — a revoked key, an activated version,
 * the customer's latest decision — because neither keeps process-local answers for a shared store
 * (it reads the indexed database). Both serve logged decisions at the same time, and the audit
 * chain and decision log stay whole. Also: the server starts with WORKERS=2 on SQLite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, B2B_FACTS, DEMO, http, removeDataDir, type ServerProcess, startServer, startTempServer, tempDir } from './support/server-process.js';

const P = '/api/v1/policies/b2b-standard';

describe('two server processes on one SQLite data folder', () => {
  let dataDir = '';
  let a: ServerProcess | null = null;
  let b: ServerProcess | null = null;

  beforeAll(async () => {
    dataDir = await tempDir('cg-two-procs-');
    a = await startServer(dataDir); // first start: seeds the policies and users
    b = await startServer(dataDir);
  }, 120_000);
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    if (dataDir) await removeDataDir(dataDir);
  });

  it('a key revoked through one process is refused by the other on its very next request', async () => {
    expect((await http(a!.url, 'POST', '/api/v1/users', { key: ADMIN_KEY, body: { id: 'bob', name: 'Bob', roles: ['auditor'] } })).status).toBe(201);
    const issued = await http(a!.url, 'POST', '/api/v1/users/bob/keys', { key: ADMIN_KEY });
    expect(issued.status).toBe(201);
    for (let i = 0; i < 3; i++) expect((await http(b!.url, 'GET', '/api/v1/me', { key: issued.body.key })).status).toBe(200);
    expect((await http(a!.url, 'DELETE', `/api/v1/keys/${issued.body.id}`, { key: ADMIN_KEY })).status).toBe(200);
    expect((await http(b!.url, 'GET', '/api/v1/me', { key: issued.body.key })).status).toBe(401);
    expect((await http(a!.url, 'GET', '/api/v1/me', { key: issued.body.key })).status).toBe(401);
  });

  it('a version activated through one process decides on the other at once, and back', async () => {
    const decide = async (url: string) => (await http(url, 'POST', `${P}/decisions`, { key: DEMO.system, body: { facts: B2B_FACTS } })).body.version as number;
    expect(await decide(b!.url)).toBe(1);
    // Publish version 2 through A (not activated: the first version stays active).
    const draft = await http(a!.url, 'GET', `${P}/draft`, { key: DEMO.author });
    const saved = await http(a!.url, 'PUT', `${P}/draft`, { key: DEMO.author, body: { document: { ...draft.body.document, description: 'v2' } }, headers: { 'if-match': draft.headers.get('etag')! } });
    expect(saved.status, saved.text).toBe(200);
    expect((await http(a!.url, 'POST', `${P}/draft/submit`, { key: DEMO.author, body: { comment: 'v2' } })).status).toBe(200);
    expect((await http(a!.url, 'POST', `${P}/draft/approve`, { key: DEMO.approver, body: { comment: 'ok' } })).status).toBe(201);
    expect(await decide(b!.url)).toBe(1);
    expect((await http(a!.url, 'POST', `${P}/activate`, { key: DEMO.approver, body: { version: 2, comment: 'go' } })).status).toBe(200);
    expect(await decide(b!.url)).toBe(2);
    expect((await http(b!.url, 'POST', `${P}/activate`, { key: DEMO.approver, body: { version: 1, comment: 'back' } })).status).toBe(200);
    expect(await decide(a!.url)).toBe(1);
  });

  it("a customer's latest decision logged by one process is what the other compares with", async () => {
    const accepted = await http(a!.url, 'POST', `${P}/decisions`, { key: DEMO.system, body: { facts: B2B_FACTS, customerId: 'C-shared' } });
    expect(accepted.status, accepted.text).toBe(201);
    expect(accepted.body.outcome).toBe('accept');
    const refused = await http(b!.url, 'POST', `${P}/decisions`, { key: DEMO.system, body: { facts: { ...B2B_FACTS, insolvencyProceedings: true }, customerId: 'C-shared' } });
    expect(refused.status, refused.text).toBe(201);
    expect(refused.body.outcome).toBe('refuse');
    const stored = await http(a!.url, 'GET', `/api/v1/decisions/${refused.body.decisionId}`, { key: DEMO.auditor });
    expect(stored.body.changes).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'refuseAfterAccept', previousDecisionId: accepted.body.decisionId })]));
  });

  it('both serve logged decisions at the same time; every one is logged once, the audit chain is intact', async () => {
    const calls = Array.from({ length: 60 }, (_, i) =>
      http(i % 2 ? a!.url : b!.url, 'POST', `${P}/decisions`, { key: DEMO.system, body: { facts: { ...B2B_FACTS, requestedAmount: 1000 + (i % 40) }, requestId: `both-${i % 40}` } }),
    );
    const results = await Promise.all(calls);
    for (const r of results) expect([200, 201], r.text).toContain(r.status);
    // A requestId sent to both processes is one decision.
    const byRequest = new Map<string, Set<string>>();
    results.forEach((r, i) => byRequest.set(`both-${i % 40}`, (byRequest.get(`both-${i % 40}`) ?? new Set()).add(r.body.decisionId)));
    for (const ids of byRequest.values()) expect(ids.size).toBe(1);
    const listed = await http(b!.url, 'GET', `/api/v1/decisions?policyId=b2b-standard&limit=500`, { key: DEMO.auditor });
    const ids = listed.body.items.filter((d: { requestId: string | null }) => d.requestId?.startsWith('both-')).map((d: { decisionId: string }) => d.decisionId);
    expect(new Set(ids).size).toBe(40);
    expect((await http(a!.url, 'GET', '/api/v1/audit/verify', { key: DEMO.auditor })).body.intact).toBe(true);
  });
});

describe('WORKERS=2 on SQLite', () => {
  it('starts two workers on one data folder and serves decisions', async () => {
    const server = await startTempServer('cg-workers-', { WORKERS: '2' });
    try {
      expect(server.output()).toMatch(/store: sqlite, 2 workers/);
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => http(server.url, 'POST', `${P}/decisions`, { key: DEMO.system, body: { facts: B2B_FACTS, requestId: `w-${i}` } })));
      for (const r of results) expect(r.status, r.text).toBe(201);
      const listed = await http(server.url, 'GET', '/api/v1/decisions?limit=500', { key: DEMO.auditor });
      expect(listed.body.items.length).toBeGreaterThanOrEqual(20);
    } finally {
      expect(await server.close()).toBe(0);
    }
  }, 120_000);
});
