/**
 * Impact simulations through the API: POST a portfolio, poll the job, read the result, download
 * the CSV, open a changed customer, replay a window of logged decisions.
 *
 * The small policy is tests/impact/small-policies.ts: version 1 has class B from 60 and C from 40;
 * the draft moves them to 75 and 30. Eight customers are worked out by hand in
 * tests/impact/simulate-small.test.ts (the same figures are expected here, through HTTP, workers
 * and slicing); two more rows are bad on purpose:
 *
 * | id | rating → score | class v1 → draft | limit v1 → draft | outcome v1 → draft            |
 * |----|----------------|------------------|------------------|-------------------------------|
 * | c1 | 90             | A → A            | 20,000 → 20,000  | accept → accept               |
 * | c2 | 70             | B → C            | 20,000 → 10,000  | accept → escalate (manager)   |
 * | c3 | 70 (65)        | B → C            |  5,000 →  2,000  | accept → escalate (analyst)   |
 * | c4 | 50             | C → C            | 15,000 → 15,000  | escalate → escalate           |
 * | c5 | 10             | D → D            |      0 →      0  | refuse → refuse               |
 * | c6 | 70 (75)        | B → C            | 100,000 → 50,000 | accept → escalate (director)  |
 * | c7 | 90 (85)        | A → A            |  8,000 →  8,000  | escalate → escalate           |
 * | c8 | 30             | D → C            |      0 →  1,000  | refuse → accept               |
 * | x1 | rating "high"  | —                | —                | left out: not a number        |
 * | x2 | rating 120     | —                | —                | left out: above the maximum   |
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulationJobs, DEFAULT_SIMULATION_LIMITS, setSimulationJobs, SIMULATION_WORKER_URL } from '../../api/impact/simulation-jobs.js';
import { WorkerPool } from '../../api/impact/worker-pool.js';
import { smallPolicy } from '../impact/small-policies.js';
import { ROLE_KEY, startTestApp, type TestApp } from '../api/support/test-app.js';
import { eventually } from '../support/eventually.js';

const SMALL_CSV = `customerId,rating,turnover,requestedAmount,outstanding
c1,90,100000,15000,0
c2,70,200000,15000,12000
c3,65,50000,4000,3000
x1,high,10000,1000,0
c4,50,300000,30000,40000
c5,10,500000,5000,800
c6,75,1000000,60000,150000
x2,120,10000,1000,0
c7,85,40000,9000,6000
c8,30,20000,1000,0
`;

const dir = mkdtempSync(path.join(tmpdir(), 'creditgraph-impact-api-'));
writeFileSync(path.join(dir, 'small-test.json'), JSON.stringify(smallPolicy({ B: 60, C: 40 })));
let t: TestApp;
// Three workers and slices of at least 2 records: the ten rows above are cut in three slices, so
// the renumbering and merging of slices is what these exact figures check.
const pool = new WorkerPool(SIMULATION_WORKER_URL, 3);

const author = ROLE_KEY.author;
const base = '/api/v1/policies/small-test';

async function waitFor(jobUrl: string, key = author) {
  return eventually(async () => {
    const r = await t.call('GET', jobUrl, { key });
    expect(r.status).toBe(200);
    return (r.body.status === 'done' || r.body.status === 'failed') && r.body;
  });
}

async function simulate(body: string | Buffer, contentType: string, query = '', key = author) {
  const r = await t.call('POST', `${base}/simulations${query}`, { key, rawBody: body, headers: { 'content-type': contentType } });
  expect(r.status, r.text).toBe(202);
  expect(r.headers.get('location')).toBe(`${base}/simulations/${r.body.jobId}`);
  return waitFor(r.headers.get('location')!, key);
}

beforeAll(async () => {
  t = await startTestApp({ rulesets: dir });
  setSimulationJobs(t.services, new SimulationJobs(t.services, { ...DEFAULT_SIMULATION_LIMITS, minSliceRecords: 2, topN: 3 }, () => pool));
  const draft = await t.call('PUT', `${base}/draft`, { key: author, body: { document: smallPolicy({ B: 75, C: 30 }) }, headers: { 'if-match': (await t.call('GET', `${base}/draft`, { key: author })).headers.get('etag')! } });
  expect(draft.status, draft.text).toBeLessThan(300);
});
afterAll(async () => {
  await t?.close();
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('POST /policies/{id}/simulations with a CSV upload', () => {
  let job: any;
  beforeAll(async () => {
    job = await simulate(SMALL_CSV, 'text/csv'); // default targets: active → draft
  });

  it('runs the job to the end, counting every record and leaving the bad ones out', () => {
    expect(job.status).toBe('done');
    expect(job.from).toMatchObject({ target: 'active', version: 1, draftEtag: null });
    expect(job.to).toMatchObject({ target: 'draft', version: null, contentHash: null });
    expect(job.to.draftEtag).toEqual(expect.any(String));
    expect(job.source).toEqual({ kind: 'upload', format: 'csv', bytes: Buffer.byteLength(SMALL_CSV) });
    expect(job.progress).toEqual({ done: 10, total: 10 });
    expect(job.portfolio).toMatchObject({ format: 'csv', recordCount: 10, rejectedCount: 2, errorCount: 2 });
    expect(job.result.rowCount).toBe(8);
  });

  it('warns about a customer id seen twice, even in two different slices', async () => {
    const twice = await simulate(SMALL_CSV.replace('c8,30', 'c1,30'), 'text/csv');
    expect(twice.portfolio.warnings).toEqual([{ row: 10, column: 'customerId', message: 'customer "c1" appears more than once' }]);
  });

  it('reports each bad row with its row number, line, column and problem, numbered across slices', () => {
    const errors = job.portfolio.errors;
    expect(errors.map((e: any) => [e.row, e.line, e.column])).toEqual([
      [4, 5, 'rating'],
      [8, 9, 'rating'],
    ]);
    expect(errors[0].message).toMatch(/number/);
    expect(errors[1].message).toMatch(/100/);
  });

  it('gives the hand-checked migration counts and limits', () => {
    const r = job.result;
    expect(r.a.outcomeCounts).toEqual([4, 2, 2]);
    expect(r.b.outcomeCounts).toEqual([2, 1, 5]);
    expect(r.migration.outcome).toEqual([
      [1, 0, 3],
      [1, 1, 0],
      [0, 0, 2],
    ]);
    expect(r.riskClasses).toEqual(['A', 'B', 'C', 'D', '(none)']);
    expect(r.migration.riskClass).toEqual([
      [2, 0, 0, 0, 0],
      [0, 0, 3, 0, 0],
      [0, 0, 1, 0, 0],
      [0, 0, 1, 1, 0],
      [0, 0, 0, 0, 0],
    ]);
    expect(r.a.grossLimit).toBe(168_000);
    expect(r.b.grossLimit).toBe(106_000);
    expect(r.delta.grossLimit).toBe(-62_000);
    expect(r.b.escalations).toEqual([2, 2, 1, 0]); // analyst c3 c7 · manager c2 c4 · director c6
    expect(r.changed).toMatchObject({ outcome: 4, riskClass: 4, limit: 4, limitUp: 1, limitDown: 3 });
  });

  it('ranks the top changes by |limit change| with file row numbers (bad rows counted)', () => {
    // c6 is record 7 (x1 before it), c2 record 2, c3 record 3.
    expect(job.result.topChanges.map((c: any) => [c.customerId, c.rowNumber, c.limitDelta])).toEqual([
      ['c6', 7, -50_000],
      ['c2', 2, -10_000],
      ['c3', 3, -3_000],
    ]);
  });

  it('gives the score histograms of both sides (20 bins of 5 points)', () => {
    // Scores: c5 10 · c8 30 · c4 50 · c2 c3 c6 70 · c1 c7 90, the same under both (only the class cuts move).
    const bins = new Array(20).fill(0);
    bins[2] = 1;
    bins[6] = 1;
    bins[10] = 1;
    bins[14] = 3;
    bins[18] = 2;
    expect(job.scores.edges).toEqual(Array.from({ length: 21 }, (_, i) => i * 5));
    expect(job.scores.a).toEqual(bins);
    expect(job.scores.b).toEqual(bins);
    expect(job.scores.missing).toEqual({ a: 0, b: 0 });
  });

  it('includes both risk maps (class × outstanding bucket)', () => {
    const { a, b } = job.result;
    expect(a.riskMap.buckets.map((x: any) => x.label)).toEqual(['none', '>0–<5k', '5k–<25k', '25k–<100k', '100k–<500k', '≥500k']);
    // Under v1: A holds c1 (none) and c7 (6,000 → 5k–25k); under the draft, C holds c2 (12,000), c3 (3,000), c4 (40,000), c6 (150,000), c8 (none).
    expect(a.riskMap.counts[0]).toEqual([1, 0, 1, 0, 0, 0]);
    expect(b.riskMap.counts[2]).toEqual([1, 1, 1, 1, 1, 0]);
    expect(b.riskMap.amounts[2]).toEqual([0, 3_000, 12_000, 40_000, 150_000, 0]);
    expect(b.riskMap.total).toEqual({ count: 8, amount: 211_800, limit: 106_000 });
  });

  it('downloads the customers as CSV, most-changed first, and every table with table=summary', async () => {
    const csv = await t.call('GET', `${base}/simulations/${job.jobId}/result.csv`, { key: author });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain(`small-test-${job.jobId}.csv`);
    const lines = csv.text.trim().split(/\r?\n/);
    expect(lines).toHaveLength(9); // header + 8 customers
    expect(lines[1]).toMatch(/^1,7,c6,/);
    const summary = await t.call('GET', `${base}/simulations/${job.jobId}/result.csv?table=summary`, { key: author });
    expect(summary.text).toContain('riskClassMigration,B,C,3');
  });

  it('opens a changed customer with its two decisions side by side', async () => {
    const r = await t.call('GET', `${base}/simulations/${job.jobId}/customers/7`, { key: author });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ row: 7, customerId: 'c6', decisionId: null, facts: { rating: 75, turnover: 1_000_000, requestedAmount: 60_000 } });
    expect(r.body.a).toMatchObject({ outcome: 'accept', riskClass: 'B', creditLimit: { gross: 100_000 } });
    expect(r.body.b).toMatchObject({ outcome: 'escalate', riskClass: 'C', approvalLevel: 'director', creditLimit: { gross: 50_000 } });
    expect((await t.call('GET', `${base}/simulations/${job.jobId}/customers/1`, { key: author })).status).toBe(404); // c1 did not change
  });

  it('lists the job for the policy, newest first, without its result', async () => {
    const list = await t.call('GET', `${base}/simulations`, { key: ROLE_KEY.approver });
    expect(list.status).toBe(200);
    const items: any[] = list.body.items;
    expect(items.find((j) => j.jobId === job.jobId)).toMatchObject({ status: 'done', result: null, scores: null });
    const created = items.map((j) => j.createdAt);
    expect(created).toEqual([...created].sort().reverse());
  });
});

describe('other formats, targets and refusals', () => {
  it('takes NDJSON and a JSON array with the same figures, and compares two versions by number', async () => {
    const rows = SMALL_CSV.trim()
      .split('\n')
      .slice(1)
      .map((line) => {
        const [customerId, rating, turnover, requestedAmount, outstanding] = line.split(',');
        return { customerId, rating: Number(rating), turnover: Number(turnover), requestedAmount: Number(requestedAmount), outstanding: Number(outstanding) };
      });
    const ndjson = await simulate(rows.map((r) => JSON.stringify(r)).join('\n'), 'application/x-ndjson');
    expect(ndjson.result.migration.outcome).toEqual([
      [1, 0, 3],
      [1, 1, 0],
      [0, 0, 2],
    ]);
    // x2 (rating 120) is out of range; x1 became NaN, which JSON writes as null: a missing required fact.
    expect(ndjson.portfolio.errors.map((e: any) => [e.row, e.line])).toEqual([
      [4, 4],
      [8, 8],
    ]);
    const json = await simulate(JSON.stringify(rows), 'application/json', '?from=1&to=1');
    expect(json.portfolio).toMatchObject({ format: 'json', recordCount: 10, rejectedCount: 2 });
    expect(json.result.changed.any).toBe(0); // a version against itself
    expect(json.result.a.riskMap).toEqual(json.result.b.riskMap); // the risk map of one target
  });

  it('refuses what it cannot simulate, with coded problems', async () => {
    const post = (o: { body?: string; type?: string; query?: string; key?: string }) =>
      t.call('POST', `${base}/simulations${o.query ?? ''}`, { key: o.key ?? author, rawBody: o.body ?? SMALL_CSV, headers: { 'content-type': o.type ?? 'text/csv' } });
    expect((await post({ type: 'application/pdf' })).body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((await post({ body: '' })).body.code).toBe('EMPTY_BODY');
    expect((await post({ query: '?from=9' })).status).toBe(404);
    expect((await post({ query: '?from=latest' })).body.code).toBe('INVALID_REQUEST');
    expect((await post({ key: ROLE_KEY.system })).body.code).toBe('FORBIDDEN');
    expect((await post({ key: ROLE_KEY.viewer })).body.code).toBe('FORBIDDEN');
    const big = Buffer.alloc(50 * 1024 * 1024 + 1, 0x61);
    const tooBig = await post({ body: big as unknown as string });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.code).toBe('BODY_TOO_LARGE');
    const missing = await t.call('GET', `${base}/simulations/sim_nope`, { key: author });
    expect(missing.body.code).toBe('NOT_FOUND');
  });
});

describe('replay window: the decisions logged in a period, under another target', () => {
  it('replays the automatic decisions of the window, oldest first, and names the decision behind a row', async () => {
    const before = new Date(Date.now() - 1000).toISOString();
    const decided: string[] = [];
    // c2, c6 and c8 of the table, asked for by the ERP under version 1.
    for (const [customerId, rating, turnover, requestedAmount] of [
      ['c2', 70, 200_000, 15_000],
      ['c6', 75, 1_000_000, 60_000],
      ['c8', 30, 20_000, 1_000],
    ] as const) {
      const d = await t.call('POST', `${base}/decisions`, { key: ROLE_KEY.system, body: { customerId, facts: { rating, turnover, requestedAmount } } });
      expect(d.status, d.text).toBe(201);
      decided.push(d.body.decisionId);
    }
    const after = new Date(Date.now() + 1000).toISOString();
    const job = await simulate(JSON.stringify({ source: 'decisions', from: before, to: after }), 'application/json', '', ROLE_KEY.auditor);
    expect(job.source).toEqual({ kind: 'decisions', from: before, to: after });
    expect(job.portfolio).toMatchObject({ format: 'ndjson', recordCount: 3, rejectedCount: 0 });
    // v1: accept c2, accept c6, refuse c8 → draft: escalate, escalate, accept.
    expect(job.result.migration.outcome).toEqual([
      [0, 0, 2],
      [1, 0, 0],
      [0, 0, 0],
    ]);
    expect(job.result.delta.grossLimit).toBe(-59_000); // −10,000 − 50,000 + 1,000
    expect(job.result.topChanges.map((c: any) => [c.customerId, c.rowNumber])).toEqual([
      ['c6', 2],
      ['c2', 1],
      ['c8', 3],
    ]);
    const c6 = await t.call('GET', `${base}/simulations/${job.jobId}/customers/2`, { key: ROLE_KEY.auditor });
    expect(c6.body.decisionId).toBe(decided[1]);

    const empty = await simulate(JSON.stringify({ source: 'decisions', from: after, to: new Date(Date.now() + 60_000).toISOString() }), 'application/json');
    expect(empty.portfolio.recordCount).toBe(0);
    expect(empty.result.rowCount).toBe(0);
    const reversed = await t.call('POST', `${base}/simulations`, { key: author, body: { source: 'decisions', from: after, to: before } });
    expect(reversed.body.code).toBe('INVALID_REQUEST');
    const wrong = await t.call('POST', `${base}/simulations`, { key: author, body: { source: 'log', from: before, to: after } });
    expect(wrong.body.code).toBe('INVALID_REQUEST');
  });
});
