/**
 * Instances that cooperate (issue 17): two REAL API server processes started together on one
 * empty data folder (SQLite). First-start seeding runs once, under a lease; a version activated
 * through one decides on the other at once; a simulation job started on one is polled, and its
 * result downloaded, on the other; with WORKERS=2, GET /metrics counts every worker's requests.
 */
import { request } from 'node:http';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { B2B_FACTS, DEMO, http, startServer, tempDir, type ServerProcess } from './support/server-process.js';
import { eventually } from '../support/eventually.js';

const P = '/api/v1/policies/b2b-standard';

describe('two API processes started together on one empty SQLite data folder', () => {
  let dataDir = '';
  let a: ServerProcess | null = null;
  let b: ServerProcess | null = null;

  beforeAll(async () => {
    dataDir = await tempDir('cg-instances-');
    [a, b] = await Promise.all([startServer(dataDir), startServer(dataDir)]); // both find an empty store
  }, 180_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('seeds the reference policies and users once: one creation entry per policy, one per demo user', async () => {
    const audit = await http(a!.url, 'GET', '/api/v1/audit?limit=500', { key: DEMO.auditor });
    expect(audit.status, audit.text).toBe(200);
    const actions = audit.body.items.map((e: { action: string; policyId: string | null; details: Record<string, unknown> }) => `${e.action}:${e.policyId ?? ''}`);
    const created = actions.filter((x: string) => x.startsWith('policy.created:'));
    expect(created.length).toBeGreaterThan(0);
    expect(new Set(created).size).toBe(created.length);
    expect(actions.filter((x: string) => x.startsWith('user.created:')).length).toBe(5); // admin + four demo users
    expect((await http(b!.url, 'GET', '/api/v1/audit/verify', { key: DEMO.auditor })).body.intact).toBe(true);
  });

  it('a version activated through one decides on the other at once', async () => {
    const decide = async (url: string) => (await http(url, 'POST', `${P}/decisions`, { key: DEMO.system, body: { facts: B2B_FACTS } })).body.version as number;
    const draft = await http(a!.url, 'GET', `${P}/draft`, { key: DEMO.author });
    const saved = await http(a!.url, 'PUT', `${P}/draft`, { key: DEMO.author, body: { document: { ...draft.body.document, description: 'v2' } }, headers: { 'if-match': draft.headers.get('etag')! } });
    expect(saved.status, saved.text).toBe(200);
    expect((await http(a!.url, 'POST', `${P}/draft/submit`, { key: DEMO.author, body: { comment: 'v2' } })).status).toBe(200);
    expect((await http(a!.url, 'POST', `${P}/draft/approve`, { key: DEMO.approver, body: { comment: 'ok' } })).status).toBe(201);
    expect(await decide(b!.url)).toBe(1);
    expect((await http(a!.url, 'POST', `${P}/activate`, { key: DEMO.approver, body: { version: 2, comment: 'go' } })).status).toBe(200);
    expect(await decide(b!.url)).toBe(2);
  });

  it('a simulation job started on one is polled and downloaded on the other', async () => {
    const from = new Date(Date.now() - 3_600_000).toISOString();
    for (let i = 0; i < 5; i++)
      expect((await http(a!.url, 'POST', `${P}/decisions`, { key: DEMO.system, body: { facts: { ...B2B_FACTS, requestedAmount: 1000 * (i + 1) }, customerId: `SIM-${i}` } })).status).toBe(201);
    const to = new Date(Date.now() + 60_000).toISOString();
    const started = await http(a!.url, 'POST', `${P}/simulations?from=1&to=2`, { key: DEMO.author, raw: JSON.stringify({ source: 'decisions', from, to }), headers: { 'content-type': 'application/json' } });
    expect(started.status, started.text).toBe(202);
    const location = started.headers.get('location')!;
    // Polled on B only: before, B answered 404 (jobs lived in A's memory).
    const done = await eventually(async () => {
      const r = await http(b!.url, 'GET', location, { key: DEMO.author });
      expect(r.status, r.text).toBe(200);
      return r.body.status === 'done' && r.body;
    });
    expect(done.portfolio.recordCount).toBeGreaterThanOrEqual(5);
    expect(done.result.rowCount).toBe(done.portfolio.recordCount - done.portfolio.rejectedCount);
    const listed = await http(b!.url, 'GET', `${P}/simulations`, { key: DEMO.author });
    expect(listed.body.items.map((j: { jobId: string }) => j.jobId)).toContain(started.body.jobId);
    const csv = await http(b!.url, 'GET', `${location}/result.csv?table=summary`, { key: DEMO.author });
    expect(csv.status, csv.text).toBe(200);
    expect(csv.text.length).toBeGreaterThan(20);
  });
});

/** One request on a connection of its own, so the cluster hands requests to every worker. */
function freshConnection(url: string, path: string, key?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url + path, { agent: false, headers: key ? { authorization: `Bearer ${key}` } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('WORKERS=2: metrics', () => {
  it('every scrape counts the requests of both workers', async () => {
    const dataDir = await tempDir('cg-metrics-');
    const server = await startServer(dataDir, { WORKERS: '2' });
    try {
      const N = 24;
      for (let i = 0; i < N; i++) expect((await freshConnection(server.url, `${P}`, DEMO.auditor)).status).toBe(200);
      for (let i = 0; i < 6; i++) {
        const scrape = await freshConnection(server.url, '/metrics');
        expect(scrape.status).toBe(200);
        const line = scrape.text.split('\n').find((l) => l.startsWith('creditgraph_http_requests_total{') && l.includes('method="GET"') && l.includes('route="/api/v1/policies/:policyId"') && l.includes('status="200"'));
        expect(line, scrape.text.slice(0, 2000)).toBeDefined();
        expect(Number(line!.split(' ').pop())).toBe(N); // the sum over both workers, on every scrape
      }
    } finally {
      expect(await server.stop()).toBe(0);
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
