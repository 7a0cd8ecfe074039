/**
 * Impact simulations through the API: POST a portfolio, poll the job, read the result, download
 * the CSV, open a changed customer, replay a window of logged decisions.
 *
 * The small policy is tests/support/small-policy.ts: version 1 is the fixture (A from 70, B from 40);
 * the draft is its `shiftedClassThresholds` edit (A from 80, B from 30). Eight customers are worked
 * out by hand in tests/impact/simulate-small.test.ts (the same figures are expected here, through
 * HTTP, workers and slicing); two more rows are bad on purpose. Record numbers count the bad rows:
 *
 * | record | id | score | class v1 → draft | limit v1 → draft   | outcome v1 → draft              | outstanding |
 * |--------|----|-------|------------------|--------------------|---------------------------------|-------------|
 * |      1 | c1 | 92    | A → A            |  50,000 →  50,000  | accept → accept                 |           0 |
 * |      2 | c2 | 76    | A → B            |  60,000 →  30,000  | accept → escalate (creditMgr)   |      12,000 |
 * |      3 | c3 | 76    | A → B            |  14,000 →   9,500  | accept → escalate (creditMgr)   |       3,000 |
 * |      4 | x1 | —     | —                | —                  | left out: years "old"           |             |
 * |      5 | c4 | 62    | B → B            |   2,500 →   2,500  | escalate (salesRep) → same      |      40,000 |
 * |      6 | c5 | 16    | C → C            |       0 →       0  | refuse → refuse                 |         800 |
 * |      7 | c6 | 92    | C → C (insolvent)|       0 →       0  | refuse → refuse                 |     150,000 |
 * |      8 | x2 | —     | —                | —                  | left out: turnover −5 < 0       |             |
 * |      9 | c7 | 32    | C → B            |       0 →  15,000  | refuse → accept                 |           0 |
 * |     10 | c8 | 76    | A → B            | 500,000 → 250,000  | accept → escalate (committee)   |     600,000 |
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulationJobs, DEFAULT_SIMULATION_LIMITS, setSimulationJobs, SIMULATION_WORKER_URL } from '../../api/impact/simulation-jobs.js';
import { WorkerPool } from '../../api/impact/worker-pool.js';
import { shiftedClassThresholds, smallPolicy } from '../support/small-policy.js';
import { ROLE_KEY, startTestApp, type TestApp } from '../api/support/test-app.js';
import { eventually } from '../support/eventually.js';

const SMALL_CSV = `customerId,yearsInBusiness,sector,insolvencyProceedings,tangibleNetWorth,annualTurnover,insurerCover,requestedAmount,outstanding
c1,12,industry,false,100000,1000000,,30000,0
c2,15,retail,false,200000,600000,,40000,12000
c3,11,retail,false,31000,91300,5000,12000,3000
x1,old,retail,false,10000,10000,,1000,0
c4,5,industry,false,8000,60000,,4000,40000
c5,1,retail,false,500000,2000000,,5000,800
c6,20,industry,true,300000,900000,,1000,150000
x2,5,retail,false,10000,-5,,1000,0
c7,2,industry,false,60000,300000,,4000,0
c8,30,retail,false,2000000,5000000,,300000,600000
`;

const dir = mkdtempSync(path.join(tmpdir(), 'creditgraph-impact-api-'));
writeFileSync(path.join(dir, 'small-policy.json'), JSON.stringify(smallPolicy()));
let t: TestApp;
// Three workers and slices of at least 2 records: the ten rows above are cut in three slices, so
// the renumbering and merging of slices is what these exact figures check.
const pool = new WorkerPool(SIMULATION_WORKER_URL, 3);

const author = ROLE_KEY.author;
const base = '/api/v1/policies/small-policy';

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
  const draft = await t.call('PUT', `${base}/draft`, { key: author, body: { document: shiftedClassThresholds(smallPolicy()) }, headers: { 'if-match': (await t.call('GET', `${base}/draft`, { key: author })).headers.get('etag')! } });
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
    const twice = await simulate(SMALL_CSV.replace('c8,30,', 'c1,30,'), 'text/csv');
    expect(twice.portfolio.warnings).toEqual([{ row: 10, column: 'customerId', message: 'customer "c1" appears more than once' }]);
  });

  it('reports each bad row with its row number, line, column and problem, numbered across slices', () => {
    const errors = job.portfolio.errors;
    expect(errors.map((e: any) => [e.row, e.line, e.column])).toEqual([
      [4, 5, 'yearsInBusiness'], // x1: "old"
      [8, 9, 'annualTurnover'], // x2: −5, below its minimum 0
    ]);
    expect(errors[0].message).toMatch(/number/);
    expect(errors[1].message).toMatch(/≥ 0/);
  });

  it('gives the hand-checked migration counts and limits', () => {
    const r = job.result;
    expect(r.a.outcomeCounts).toEqual([4, 3, 1]); // accept c1 c2 c3 c8 · refuse c5 c6 c7 · escalate c4
    expect(r.b.outcomeCounts).toEqual([2, 2, 4]); // accept c1 c7 · refuse c5 c6 · escalate c2 c3 c4 c8
    expect(r.migration.outcome).toEqual([
      [1, 0, 3], // accept → accept c1; → escalate c2 c3 c8
      [1, 2, 0], // refuse → accept c7; → refuse c5 c6
      [0, 0, 1], // escalate → escalate c4
    ]);
    expect(r.riskClasses).toEqual(['A', 'B', 'C', '(none)']);
    expect(r.migration.riskClass).toEqual([
      [1, 3, 0, 0], // A → A c1; A → B c2 c3 c8
      [0, 1, 0, 0], // B → B c4
      [0, 1, 2, 0], // C → B c7; C → C c5 c6
      [0, 0, 0, 0],
    ]);
    expect(r.a.grossLimit).toBe(626_500); // 50,000 + 60,000 + 14,000 + 2,500 + 0 + 0 + 0 + 500,000
    expect(r.b.grossLimit).toBe(357_000); // 50,000 + 30,000 + 9,500 + 2,500 + 0 + 0 + 15,000 + 250,000
    expect(r.delta.grossLimit).toBe(-269_500); // 357,000 − 626,500
    expect(r.b.escalations).toEqual([1, 2, 1, 0]); // salesRep c4 · creditManager c2 c3 · committee c8
    expect(r.changed).toMatchObject({ outcome: 4, riskClass: 4, limit: 4, limitUp: 1, limitDown: 3 });
  });

  it('ranks the top changes by |limit change| with file row numbers (bad rows counted)', () => {
    // |Δ|: c8 250,000 (record 10: x1 and x2 before it), c2 30,000 (record 2), c7 15,000 (record 9); c3's 4,500 is fourth.
    expect(job.result.topChanges.map((c: any) => [c.customerId, c.rowNumber, c.limitDelta])).toEqual([
      ['c8', 10, -250_000],
      ['c2', 2, -30_000],
      ['c7', 9, 15_000],
    ]);
  });

  it('gives the score histograms of both sides (20 bins of 5 points)', () => {
    // Scores: c5 16 · c7 32 · c4 62 · c2 c3 c8 76 · c1 c6 92, the same under both (only the class cuts move;
    // c6's insolvency forces its class, not its score). Bin = score / 5 rounded down: 3, 6, 12, 15, 18.
    const bins = new Array(20).fill(0);
    bins[3] = 1;
    bins[6] = 1;
    bins[12] = 1;
    bins[15] = 3;
    bins[18] = 2;
    expect(job.scores.edges).toEqual(Array.from({ length: 21 }, (_, i) => i * 5));
    expect(job.scores.a).toEqual(bins);
    expect(job.scores.b).toEqual(bins);
    expect(job.scores.missing).toEqual({ a: 0, b: 0 });
  });

  it('includes both risk maps (class × outstanding bucket)', () => {
    const { a, b } = job.result;
    expect(a.riskMap.buckets.map((x: any) => x.label)).toEqual(['none', '>0–<5k', '5k–<25k', '25k–<100k', '100k–<500k', '≥500k']);
    // Under v1, A holds c1 (0: none), c3 (3,000), c2 (12,000), c8 (600,000); under the draft, B holds
    // c7 (0: none), c3 (3,000), c2 (12,000), c4 (40,000), c8 (600,000).
    expect(a.riskMap.counts[0]).toEqual([1, 1, 1, 0, 0, 1]);
    expect(b.riskMap.counts[1]).toEqual([1, 1, 1, 1, 0, 1]);
    expect(b.riskMap.amounts[1]).toEqual([0, 3_000, 12_000, 40_000, 0, 600_000]);
    // 0 + 12,000 + 3,000 + 40,000 + 800 + 150,000 + 0 + 600,000 = 805,800; limit = the draft's gross 357,000.
    expect(b.riskMap.total).toEqual({ count: 8, amount: 805_800, limit: 357_000 });
  });

  it('downloads the customers as CSV, most-changed first, and every table with table=summary', async () => {
    const csv = await t.call('GET', `${base}/simulations/${job.jobId}/result.csv`, { key: author });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain(`small-policy-${job.jobId}.csv`);
    const lines = csv.text.trim().split(/\r?\n/);
    expect(lines).toHaveLength(9); // header + 8 customers
    expect(lines[1]).toMatch(/^1,10,c8,/); // the largest |Δ|, record 10
    const summary = await t.call('GET', `${base}/simulations/${job.jobId}/result.csv?table=summary`, { key: author });
    expect(summary.text).toContain('riskClassMigration,A,B,3'); // c2 c3 c8
  });

  it('opens a changed customer with its two decisions side by side', async () => {
    const r = await t.call('GET', `${base}/simulations/${job.jobId}/customers/10`, { key: author });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ row: 10, customerId: 'c8', decisionId: null, facts: { yearsInBusiness: 30, sector: 'retail', annualTurnover: 5_000_000, requestedAmount: 300_000 } });
    // 76 → A then B: min(50 % × 2,000,000, 10 % × 5,000,000) = 500,000, then min(700,000, 250,000) = 250,000 < 300,000 requested.
    expect(r.body.a).toMatchObject({ outcome: 'accept', riskClass: 'A', score: 76, creditLimit: { gross: 500_000 } });
    expect(r.body.b).toMatchObject({ outcome: 'escalate', riskClass: 'B', approvalLevel: 'committee', creditLimit: { gross: 250_000 } });
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
        const [customerId, years, sector, insolvent, netWorth, turnover, cover, requestedAmount, outstanding] = line.split(',');
        return {
          customerId,
          yearsInBusiness: Number(years),
          sector,
          insolvencyProceedings: insolvent === 'true',
          tangibleNetWorth: Number(netWorth),
          annualTurnover: Number(turnover),
          ...(cover === '' ? {} : { insurerCover: Number(cover) }),
          requestedAmount: Number(requestedAmount),
          outstanding: Number(outstanding),
        };
      });
    const ndjson = await simulate(rows.map((r) => JSON.stringify(r)).join('\n'), 'application/x-ndjson');
    expect(ndjson.result.migration.outcome).toEqual([
      [1, 0, 3],
      [1, 2, 0],
      [0, 0, 1],
    ]);
    // x2 (turnover −5) is below its minimum; x1's years became NaN, which JSON writes as null: a missing required fact.
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
    // c2, c8 and c7 of the table, asked for by the ERP under version 1.
    for (const [customerId, yearsInBusiness, sector, tangibleNetWorth, annualTurnover, requestedAmount] of [
      ['c2', 15, 'retail', 200_000, 600_000, 40_000],
      ['c8', 30, 'retail', 2_000_000, 5_000_000, 300_000],
      ['c7', 2, 'industry', 60_000, 300_000, 4_000],
    ] as const) {
      const facts = { yearsInBusiness, sector, insolvencyProceedings: false, tangibleNetWorth, annualTurnover, requestedAmount };
      const d = await t.call('POST', `${base}/decisions`, { key: ROLE_KEY.system, body: { customerId, facts } });
      expect(d.status, d.text).toBe(201);
      decided.push(d.body.decisionId);
    }
    const after = new Date(Date.now() + 1000).toISOString();
    const job = await simulate(JSON.stringify({ source: 'decisions', from: before, to: after }), 'application/json', '', ROLE_KEY.auditor);
    expect(job.source).toEqual({ kind: 'decisions', from: before, to: after });
    expect(job.portfolio).toMatchObject({ format: 'ndjson', recordCount: 3, rejectedCount: 0 });
    // v1: accept c2, accept c8, refuse c7 → draft: escalate, escalate, accept.
    expect(job.result.migration.outcome).toEqual([
      [0, 0, 2],
      [1, 0, 0],
      [0, 0, 0],
    ]);
    expect(job.result.delta.grossLimit).toBe(-265_000); // c2 −30,000, c8 −250,000, c7 +15,000
    expect(job.result.topChanges.map((c: any) => [c.customerId, c.rowNumber])).toEqual([
      ['c8', 2], // |Δ| 250,000
      ['c2', 1], // 30,000
      ['c7', 3], // 15,000
    ]);
    const c8 = await t.call('GET', `${base}/simulations/${job.jobId}/customers/2`, { key: ROLE_KEY.auditor });
    expect(c8.body.decisionId).toBe(decided[1]);

    const empty = await simulate(JSON.stringify({ source: 'decisions', from: after, to: new Date(Date.now() + 60_000).toISOString() }), 'application/json');
    expect(empty.portfolio.recordCount).toBe(0);
    expect(empty.result.rowCount).toBe(0);
    const reversed = await t.call('POST', `${base}/simulations`, { key: author, body: { source: 'decisions', from: after, to: before } });
    expect(reversed.body.code).toBe('INVALID_REQUEST');
    const wrong = await t.call('POST', `${base}/simulations`, { key: author, body: { source: 'log', from: before, to: after } });
    expect(wrong.body.code).toBe('INVALID_REQUEST');
  });
});
