/**
 * Instances that cooperate (issue 17): two REAL API server processes started together on one
 * empty data folder (SQLite). First-start seeding runs once, under a lease; a version activated
 * through one decides on the other at once; a simulation job started on one is polled, and its
 * result downloaded, on the other; with WORKERS=2, GET /metrics counts every worker's requests.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, http, startTempServer } from './support/server-process.js';
import { expectActivationSeenAtOnce, P, simulationPolledOnOther, startTwoInstances, type TwoInstances } from './support/two-instances.js';

describe('two API processes started together on one empty SQLite data folder', () => {
  let two: TwoInstances | null = null;
  beforeAll(async () => {
    two = await startTwoInstances('cg-instances-'); // both find an empty store
  }, 180_000);
  afterAll(() => two?.close());

  it('seeds the reference policies and users once: one creation entry per policy, one per demo user', async () => {
    const audit = await http(two!.a.url, 'GET', '/api/v1/audit?limit=500', { key: DEMO.auditor });
    expect(audit.status, audit.text).toBe(200);
    const actions = audit.body.items.map((e: { action: string; policyId: string | null; details: Record<string, unknown> }) => `${e.action}:${e.policyId ?? ''}`);
    const created = actions.filter((x: string) => x.startsWith('policy.created:'));
    expect(created.length).toBeGreaterThan(0);
    expect(new Set(created).size).toBe(created.length);
    expect(actions.filter((x: string) => x.startsWith('user.created:')).length).toBe(5); // admin + four demo users
    expect((await http(two!.b.url, 'GET', '/api/v1/audit/verify', { key: DEMO.auditor })).body.intact).toBe(true);
  });

  it('a version activated through one decides on the other at once', () => expectActivationSeenAtOnce(two!.a, two!.b));

  it('a simulation job started on one is polled and downloaded on the other', async () => {
    const { job, location, jobId } = await simulationPolledOnOther(two!.a, two!.b, 5, 'SIM-');
    expect(job.result.rowCount).toBe(job.portfolio.recordCount - job.portfolio.rejectedCount);
    const listed = await http(two!.b.url, 'GET', `${P}/simulations`, { key: DEMO.author });
    expect(listed.body.items.map((j: { jobId: string }) => j.jobId)).toContain(jobId);
    const csv = await http(two!.b.url, 'GET', `${location}/result.csv?table=summary`, { key: DEMO.author });
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
    const server = await startTempServer('cg-metrics-', { WORKERS: '2' });
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
      expect(await server.close()).toBe(0);
    }
  }, 120_000);
});
