/**
 * Realistic sizes through the API: the committed 10,000-customer sample (draft with changed
 * scorecard weights vs the active version), cut in three slices on three workers, must give
 * exactly what one in-process pass of the engine gives; and a 100,000-row simulation must not stop
 * the API from answering decisions while it runs.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SIMULATION_LIMITS, SIMULATION_WORKER_URL, SimulationJobs, setSimulationJobs } from '../../api/impact/simulation-jobs.js';
import { WorkerPool } from '../../api/impact/worker-pool.js';
import { compilePolicy } from '../../engine/compile/compile-policy.js';
import { impactSummary, impactToCsv, parsePortfolio, portfolioInputs, simulateImpact } from '../../engine/impact/index.js';
import type { PolicyDocument } from '../../engine/model/policy-schema.js';
import { generatePortfolioCsv } from '../../rulesets/portfolios/synthetic-customers.js';
import { ROLE_KEY, startTestApp, type TestApp } from '../api/support/test-app.js';
import { eventually } from '../support/eventually.js';

const root = new URL('../../', import.meta.url);
const read = (p: string) => readFileSync(new URL(p, root), 'utf8');
const active = JSON.parse(read('rulesets/b2b-standard.json')) as PolicyDocument;
const SAMPLE = read('rulesets/portfolios/b2b-standard-10k.csv');

/** The draft: payment behaviour weighs more (delay 15 → 20), the bureau score less (15 → 10). */
function reweighted(): PolicyDocument {
  const doc = structuredClone(active);
  const scorecard = doc.nodes.find((n) => n.kind === 'scorecard')!;
  if (scorecard.kind !== 'scorecard') throw new Error('no scorecard');
  for (const c of scorecard.config.criteria) {
    if (c.id === 'paymentDelay') c.weight = 20;
    if (c.id === 'bureau') c.weight = 10;
  }
  return doc;
}

let t: TestApp;
const pool = new WorkerPool(SIMULATION_WORKER_URL, 3);
const base = '/api/v1/policies/b2b-standard';

async function poll(url: string, until: (job: any) => boolean) {
  return eventually(async () => {
    const r = await t.call('GET', url, { key: ROLE_KEY.approver });
    return until(r.body) && r.body;
  });
}
const finished = (job: any) => job.status === 'done' || job.status === 'failed';

// Built before any request: generating it blocks this process (server included) for seconds, and a
// keep-alive socket idle across that block can be closed by the server just as the client reuses it.
let big = '';
beforeAll(async () => {
  big = generatePortfolioCsv(active, { rows: 100_000, seed: 7 });
  t = await startTestApp({ rulesets: new URL('rulesets', root).pathname });
  const draft = await t.call('PUT', `${base}/draft`, { key: ROLE_KEY.author, body: { document: reweighted() }, headers: { 'if-match': (await t.call('GET', `${base}/draft`, { key: ROLE_KEY.author })).headers.get('etag')! } });
  expect(draft.status, draft.text).toBeLessThan(300);
});
afterAll(async () => {
  await t?.close();
  await pool.close();
});

describe('the 10,000-customer sample, draft (reweighted) vs active, on three workers', () => {
  let job: any;
  const a = compilePolicy(active);
  const b = compilePolicy(reweighted());
  const local = simulateImpact(a, b, parsePortfolio(portfolioInputs(a.document, b.document), SAMPLE).rows, { topN: 50 });

  beforeAll(async () => {
    setSimulationJobs(t.services, new SimulationJobs(t.services, DEFAULT_SIMULATION_LIMITS, () => pool));
    const r = await t.call('POST', `${base}/simulations`, { key: ROLE_KEY.approver, rawBody: SAMPLE, headers: { 'content-type': 'text/csv' } });
    expect(r.status, r.text).toBe(202);
    job = await poll(r.headers.get('location')!, finished);
  });

  it('reads every row', () => {
    expect(job.status, job.error).toBe('done');
    expect(job.portfolio).toMatchObject({ recordCount: 10_000, rejectedCount: 0, errorCount: 0 });
    expect(job.progress).toEqual({ done: 10_000, total: 10_000 });
  });

  it('adds up: every matrix holds every customer, its rows and columns are the two sides', () => {
    const r = job.result;
    const sum = (v: number[]) => v.reduce((x, y) => x + y, 0);
    for (const [name, m] of Object.entries(r.migration) as [string, number[][]][]) {
      expect(sum(m.map(sum)), name).toBe(10_000);
    }
    expect(r.migration.outcome.map(sum)).toEqual(r.a.outcomeCounts);
    expect(r.migration.outcome[0].map((_: number, j: number) => sum(r.migration.outcome.map((row: number[]) => row[j])))).toEqual(r.b.outcomeCounts);
    expect(r.migration.riskClass.map(sum)).toEqual(r.a.riskClassCounts);
    expect(r.a.riskMap.total.count).toBe(10_000);
    expect(r.changed.riskClass).toBeGreaterThan(0); // the weights do move customers
    expect(r.changed.limit).toBe(r.changed.limitUp + r.changed.limitDown);
  });

  it('equals one in-process pass of the engine, table for table and line for line', async () => {
    expect(job.result).toEqual(JSON.parse(JSON.stringify(impactSummary(local))));
    const csv = await t.call('GET', `${base}/simulations/${job.jobId}/result.csv`, { key: ROLE_KEY.approver });
    expect(csv.text).toBe(impactToCsv(local));
  });
});

describe('a 100,000-row simulation runs beside the decision API', () => {
  it('answers decisions while the simulation is running, then finishes it', async () => {
    setSimulationJobs(t.services, new SimulationJobs(t.services)); // the shared pool: cores − 1 workers
    const start = await t.call('POST', `${base}/simulations?from=active&to=draft`, { key: ROLE_KEY.author, rawBody: big, headers: { 'content-type': 'text/csv' } });
    expect(start.status, start.text).toBe(202);
    const url = start.headers.get('location')!;
    await poll(url, (job) => job.status === 'running' && job.progress.done > 0);

    const facts = JSON.parse(read('rulesets/b2b-standard.json')).tests[0].facts;
    let answeredDuringRun = 0;
    for (let i = 0; i < 20; i++) {
      const d = await t.call('POST', `${base}/decisions`, { key: ROLE_KEY.system, body: { customerId: `C-run-${i}`, facts } });
      expect(d.status, d.text).toBe(201);
      const job = (await t.call('GET', url, { key: ROLE_KEY.author })).body;
      if (job.status !== 'running') break;
      answeredDuringRun++;
    }
    expect(answeredDuringRun).toBeGreaterThan(0);

    const done = await poll(url, finished);
    expect(done.status).toBe('done');
    expect(done.portfolio.recordCount).toBe(100_000);
    expect(done.result.rowCount + done.portfolio.rejectedCount).toBe(100_000);
  });
});
