/**
 * `npm run bench -- --scale [--sizes 10k,100k,1m,10m]`: how the service's costs grow with the size
 * of its data. For each size (the decision log grows from one size to the next, in one data folder):
 * - the log is filled through the SQLite store's own code (createStore + appendDecision, the
 *   path the server logs with), the audit trail too (appendAudit), not over HTTP;
 * - the built server is started on that folder: start-up to first decision, resident memory and
 *   V8 heap (from /proc and /metrics, once idle), appends at that size (single and batch endpoint:
 *   throughput, p99), `GET /decisions` pages (first page, a deep cursor, a time window, one
 *   customer), a replay of a window of logged decisions on the draft (decisions/s), `/audit/verify`;
 * - portfolio simulation with parsing (CSV and NDJSON files, `creditgraph simulate`'s path, in a
 *   child process so its peak memory is its own), sizes up to 1M rows.
 * Slopes between sizes are log-log: 0 = flat, 1 = grows like the size.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, statfsSync, statSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { Worker } from 'node:worker_threads';
import type { Facts, PolicyDocument } from '../engine/index.js';
import { createStore } from '../api/store/create-store.js';
import { SqliteStore } from '../api/store/sqlite-store/sqlite-store.js';
import { loadServerKeys } from '../api/integrity/server-keys.js';
import type { CommitItem } from '../api/store/sqlite-store/decision-commit-protocol.js';
import { scaleInstant, SCALE_START, SCALE_STEP_MS, type RowRange } from './lib/scale-rows.js';
import type { AuditAction } from '../api/store/store.js';
import { generateCustomers, generatePortfolioCsv } from '../rulesets/portfolios/synthetic-customers.js';
import { benchFacts, BENCH_SEED } from './lib/customers.js';
import { buildProductionServer, DECISION_PATH, DEMO_SYSTEM_KEY, ROOT, startServer, tempDataDir, type Started } from './lib/server-process.js';
import { fmt } from './lib/stats.js';
import { scaleChartSvg } from './lib/scale-chart.js';

export interface ScaleMeasure {
  /** Stable key (JSON, chart). */
  key: string;
  label: string;
  unit: string;
  /** Value per size (null: not measured at that size). */
  values: (number | null)[];
}

export interface ScaleResult {
  sizes: number[];
  measures: ScaleMeasure[];
  portfolioSizes: number[];
  portfolio: ScaleMeasure[];
  notes: string[];
}

/** api/bootstrap.ts: the demo auditor reads the log and the audit trail and may run simulations. */
const AUDITOR_KEY = 'cg_demo_auditor';
const CUSTOMERS_PER_DECISION = 0.1;
/**
 * Audit entries per logged decision: the trail records changes (policies, approvals, keys), far
 * rarer than decisions.
 */
const AUDIT_PER_DECISION = 0.05;

/** Decisions per fill transaction (one commit of the decision log's writer, with its chain links). */
const FILL_TRANSACTION = 25_000;
/** Bytes on disk per logged decision, measured (file + WAL at 1M: ≈ 6.3 KB): for the free-space check. */
const DISK_PER_DECISION = 6_300;
/** Rows a worker builds per message. */
const PIECE = 5_000;

/** The SQLite database's bytes on disk (main file and WAL). */
export function storeBytes(dir: string): number {
  let total = 0;
  for (const f of ['creditgraph.sqlite', 'creditgraph.sqlite-wal']) {
    try {
      total += statSync(path.join(dir, f)).size;
    } catch {
      /* no WAL: nothing to add */
    }
  }
  return total;
}

/** Audit entries number `from` to `to` (excluded) of the generated trail. */
const fillerAudit = (from: number, to: number) =>
  Array.from({ length: Math.max(0, to - from) }, (_, k) => ({ action: 'bench.filler' as AuditAction, policyId: 'b2b-standard', audit: { actor: 'bench', comment: `scale bench entry ${from + k}` } }));

const ROW_WORKER_URL = new URL('./scale-row-worker.ts', import.meta.url);

/**
 * Fills the log through the server's own code: rows sealed and built by worker threads (one per
 * core: sealing is the dearest part), committed in order by the decision log's writer
 * (SqliteStore.bulkLoad: its checks, salts, chain links and fsync) in transactions of 25,000, the
 * audit trail keeping pace (5 %) through the store's audit code. Exported for bench/scale-fill.ts.
 */
export class ScaleFiller {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(rows: CommitItem[]): void; reject(err: Error): void }>();
  private readonly workers: Worker[];

  constructor(policy: PolicyDocument, threads = os.cpus().length) {
    this.workers = Array.from({ length: Math.max(1, threads) }, () => {
      // Node 20 ignores `--import tsx` in a worker's execArgv: a one-line bootstrap registers tsx first.
      const worker = new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(ROW_WORKER_URL.href)}); })`, { eval: true, workerData: policy });
      worker.on('message', (m: { id: number; rows: CommitItem[] }) => {
        this.waiting.get(m.id)?.resolve(m.rows);
        this.waiting.delete(m.id);
      });
      worker.on('error', (err) => {
        for (const w of this.waiting.values()) w.reject(err);
        this.waiting.clear();
      });
      return worker;
    });
  }

  private rows(range: RowRange, worker: number): Promise<CommitItem[]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.workers[worker % this.workers.length]!.postMessage({ ...range, id });
    });
  }

  async fill(
    store: SqliteStore,
    o: { logged: number; audited: number; size: number; auditTarget: number; customers: number; version: { version: number; contentHash: string } },
  ): Promise<{ logged: number; audited: number }> {
    let { audited } = o;
    const { logged: from, size, auditTarget, customers, version } = o;
    // Each customer's first decision of this fill carries its salt (the writer stores it once).
    const saltsBefore = from + customers;
    // Pieces of PIECE rows are built ahead by the workers, gathered in order into transactions of
    // FILL_TRANSACTION rows: two transactions' worth ahead keeps them busy while one commits, and
    // bounds memory (≈ 12 KB per row: the JSON text is UTF-16 in V8).
    const ahead: Promise<CommitItem[]>[] = [];
    let asked = from;
    let piece = 0;
    const ask = () => {
      if (asked >= size) return;
      const to = Math.min(size, asked + PIECE);
      ahead.push(this.rows({ from: asked, to, customers, saltsBefore, version }, piece++));
      asked = to;
    };
    for (let k = 0; k < (2 * FILL_TRANSACTION) / PIECE; k++) ask();
    let logged = from;
    while (ahead.length > 0) {
      const rows: CommitItem[] = [];
      while (rows.length < FILL_TRANSACTION && ahead.length > 0) {
        for (const row of await ahead.shift()!) rows.push(row);
        ask();
      }
      logged += rows.length;
      const auditUpTo = logged >= size ? auditTarget : Math.min(auditTarget, Math.round(logged * AUDIT_PER_DECISION));
      await store.bulkLoad({ rows, audit: fillerAudit(audited, auditUpTo) });
      audited = Math.max(audited, auditUpTo);
    }
    if (audited < auditTarget) await store.bulkLoad({ audit: fillerAudit(audited, auditTarget) });
    return { logged, audited: Math.max(audited, auditTarget) };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

export function parseSizes(text: string): number[] {
  return text.split(',').map((word) => {
    const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(word.trim());
    if (!m) throw new Error(`--sizes: "${word}" is not a size like 10k or 1m`);
    return Math.round(Number(m[1]) * (m[2]?.toLowerCase() === 'k' ? 1e3 : m[2]?.toLowerCase() === 'm' ? 1e6 : 1));
  });
}

export function sizeLabel(n: number): string {
  return n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : String(n);
}

const at = scaleInstant;

export async function runScaleBench(policy: PolicyDocument, options: { sizes: number[]; log: (line: string) => void }): Promise<ScaleResult> {
  const sizes = [...options.sizes].sort((a, b) => a - b);
  const log = options.log;
  const notes: string[] = [];
  const measures = new Map<string, ScaleMeasure>();
  const put = (key: string, label: string, unit: string, index: number, value: number | null) => {
    let m = measures.get(key);
    if (!m) measures.set(key, (m = { key, label, unit, values: sizes.map(() => null) }));
    m.values[index] = value;
  };

  const data = tempDataDir();
  // Refuse before filling rather than fail with a full disk half-way (10M ≈ 63 GB).
  const free = statfsSync(data.dir);
  const need = sizes[sizes.length - 1]! * DISK_PER_DECISION + 2e9;
  if (free.bavail * free.bsize < need) {
    data.remove();
    throw new Error(`--scale to ${sizeLabel(sizes[sizes.length - 1]!)} needs ≈ ${(need / 1e9).toFixed(0)} GB free in ${path.dirname(data.dir)}, which has ${((free.bavail * free.bsize) / 1e9).toFixed(0)} GB (set TMPDIR to a bigger disk, or --sizes)`);
  }
  const script = await buildProductionServer();
  const filler = new ScaleFiller(policy);
  try {
    // A first start seeds the reference policies (b2b-standard among them), as a new install does.
    const seeded = await start(script, data.dir);
    await seeded.stop();

    const facts = benchFacts(policy, 10_000);
    let logged = 0;
    let audited = 0;
    for (let s = 0; s < sizes.length; s++) {
      const size = sizes[s]!;
      const label = sizeLabel(size);

      // Fill the log (and the audit trail) up to `size` through the store itself, with the server's keys.
      const store = await scaleStore(data.dir);
      const active = await store.getPolicy('b2b-standard');
      if (!active?.activeVersion) throw new Error('b2b-standard has no active version in the seeded store');
      const version = await store.getVersion('b2b-standard', active.activeVersion);
      const customers = Math.max(1, Math.round(size * CUSTOMERS_PER_DECISION));
      let t0 = performance.now();
      const from = logged;
      const auditFrom = audited;
      const auditTarget = Math.max(500, Math.round(size * AUDIT_PER_DECISION));
      ({ logged, audited } = await filler.fill(store, { logged, audited, size, auditTarget, customers, version: version! }));
      const fillSeconds = (performance.now() - t0) / 1000;
      if (logged > from) put('storeFillRate', 'store fill: sealed, chained decisions (+ 5 % audit entries), transactions of 25,000', 'decisions/s', s, (logged - from) / fillSeconds);
      if (audited > auditFrom) put('storeAuditEntries', 'audit entries in the trail', 'entries', s, audited);
      const bytes = storeBytes(data.dir);
      put('diskBytes', 'database size on disk (SQLite file + WAL)', 'MB', s, bytes / 1e6);
      put('diskPerDecision', 'disk per logged decision (file ÷ decisions)', 'B', s, bytes / logged);
      // A cursor deep in the log (half-way), from the store's own paging.
      const deep = await store.listDecisions({ to: at(Math.floor(size / 2)), limit: 1 });
      await store.close();
      log(`scale ${label}: ${logged.toLocaleString('en-US')} decisions and ${audited.toLocaleString('en-US')} audit entries in the store (fill ${fillSeconds.toFixed(1)} s)`);

      // The server on that folder.
      const server = await start(script, data.dir);
      try {
        put('startup', 'start-up to first decision', 'ms', s, server.firstDecisionMs);
        const base = `http://127.0.0.1:${server.port}`;
        const get = async (route: string) => {
          const res = await fetch(base + route, { headers: { authorization: `Bearer ${AUDITOR_KEY}` } });
          const body = await res.text();
          if (res.status !== 200) throw new Error(`GET ${route} answered ${res.status}: ${body.slice(0, 300)}`);
          return body;
        };
        const timed = async (route: string, runs: number) => {
          const ms: number[] = [];
          for (let r = 0; r < runs + 1; r++) {
            const t = performance.now();
            await get(route);
            if (r > 0) ms.push(performance.now() - t);
          }
          return percentiles(ms);
        };
        // The verification at start (versions, the whole audit trail) runs in the background, yielding
        // to requests: the measures below wait for its end (/readyz), which is timed too.
        const t1 = performance.now();
        for (;;) {
          const ready = JSON.parse(await get('/readyz')) as { integrity: { checkedAtStart: string | null } };
          if (ready.integrity.checkedAtStart) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        put('startCheck', 'start-up verification of versions and audit trail done (background, from spawn)', 'ms', s, server.firstDecisionMs + performance.now() - t1);
        const memory = await serverMemory(server, get);
        put('rss', 'server resident memory (after start-up and a full GC)', 'MB', s, memory.rssMb);
        if (memory.heapMb !== null) put('heap', 'server V8 heap used (after start-up and a full GC)', 'MB', s, memory.heapMb);

        const single = await cannon(base, DECISION_PATH, JSON.stringify({ customerId: 'bench', facts: facts[0] }), 10, 4);
        put('appendSingleRate', 'POST decision (10 connections): throughput', 'decisions/s', s, single.rps);
        put('appendSingleP99', 'POST decision: p99 latency', 'ms', s, single.p99);
        const batchBody = JSON.stringify({ items: facts.slice(0, 100).map((f, i) => ({ customerId: `B${i}`, facts: f })) });
        const batch = await cannon(base, `${DECISION_PATH}/batch`, batchBody, 4, 4);
        put('appendBatchRate', 'POST batch of 100 (4 connections): throughput', 'decisions/s', s, batch.rps * 100);
        put('appendBatchP99', 'POST batch of 100: p99 latency', 'ms', s, batch.p99);

        const first = await timed('/api/v1/decisions?limit=50', 20);
        put('pageFirst', 'GET /decisions first page (50): p50', 'ms', s, first.p50);
        if (deep.nextCursor) {
          const page = await timed(`/api/v1/decisions?limit=50&cursor=${encodeURIComponent(deep.nextCursor)}`, 20);
          put('pageDeep', 'GET /decisions at a cursor half-way down: p50', 'ms', s, page.p50);
        }
        const mid = Math.floor(size / 2);
        const window = await timed(`/api/v1/decisions?limit=50&from=${encodeURIComponent(at(mid))}&to=${encodeURIComponent(at(mid + 1200))}`, 20);
        put('pageWindow', 'GET /decisions, one-hour window half-way: p50', 'ms', s, window.p50);
        const customer = await timed(`/api/v1/decisions?limit=50&customerId=S${Math.floor(customers / 2)}`, 20);
        put('pageCustomer', 'GET /decisions of one customer (~10 records): p50', 'ms', s, customer.p50);

        // Replay the last 10% of the logged window (at most 100,000) on the draft.
        const replayCount = Math.min(100_000, Math.max(1, Math.floor(size / 10)));
        const replay = await replayWindow(base, at(size - replayCount), at(size), log);
        put('replayRate', `replay of a window (10 %, ≤ 100,000 decisions) on the draft`, 'decisions/s', s, replay.done / replay.seconds);

        t0 = performance.now();
        const verdict = JSON.parse(await get('/api/v1/audit/verify')) as { intact: boolean; count: number };
        const verifySeconds = (performance.now() - t0) / 1000;
        if (!verdict.intact) throw new Error(`/audit/verify says the chain is broken at size ${label}`);
        put('auditEntries', 'audit entries verified', 'entries', s, verdict.count);
        put('auditVerify', `/audit/verify (whole trail)`, 's', s, verifySeconds);
        put('auditVerifyRate', '/audit/verify: entries/s', 'entries/s', s, verdict.count / verifySeconds);
        log(`scale ${label}: start-up ${fmt(server.firstDecisionMs)} ms, rss ${fmt(memory.rssMb)} MB, single ${fmt(single.rps)}/s p99 ${fmt(single.p99)} ms, replay ${fmt(replay.done / replay.seconds)}/s, verify ${verifySeconds.toFixed(2)} s (${verdict.count} entries)`);
      } finally {
        await server.stop();
      }
    }
  } finally {
    await filler.close();
    data.remove();
  }

  const portfolioSizes = sizes.filter((n) => n <= 1_000_000);
  const portfolio = await runPortfolioScale(policy, portfolioSizes, log);
  notes.push(`The log's records repeat 10,000 generated decisions of b2b-standard (3,371-byte decisions), ${CUSTOMERS_PER_DECISION * 100} % as many customers as decisions, one every ${SCALE_STEP_MS / 1000} s from ${new Date(SCALE_START).toISOString()}; each sealed and chained as the server does it, in the decision log writer's transactions.`);
  notes.push(`Audit entries: ${AUDIT_PER_DECISION * 100} % of the logged decisions (at least 500), appended with the log's transactions through the store's audit code (MAC'd with the server's key).`);
  notes.push('Memory is read after start-up and a full garbage collection (SIGUSR2 under --expose-gc, CREDITGRAPH_GC_SIGNAL=1; the server says when it is done).');
  return { sizes, measures: [...measures.values()], portfolioSizes, portfolio, notes };
}

/** The store on a data folder the server has started on once, with the integrity keys it generated. */
export async function scaleStore(dataDir: string): Promise<SqliteStore> {
  const keys = loadServerKeys({ env: {}, dataDir, production: false, log: () => undefined });
  const store = await createStore({ DATA_DIR: dataDir }, { auditKey: keys.auditKey });
  if (!(store instanceof SqliteStore)) throw new Error('the scale bench fills the SQLite store');
  await store.init();
  return store;
}

async function start(script: string, dataDir: string): Promise<Started> {
  return startServer({
    script,
    env: { DATA_DIR: dataDir, LOG_LEVEL: 'warn', CREDITGRAPH_GC_SIGNAL: '1' },
    nodeArgs: ['--expose-gc'],
    route: DECISION_PATH,
    body: JSON.stringify({ facts: { requestedAmount: 1000, insolvencyProceedings: false } }),
    expectStatus: 201,
    timeoutMs: 600_000,
  });
}

function percentiles(ms: number[]): { p50: number; p99: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return { p50: q(0.5), p99: q(0.99) };
}

/** Memory once a full collection has run (api/server.ts: SIGUSR2 under --expose-gc with CREDITGRAPH_GC_SIGNAL=1). */
async function serverMemory(server: Started, get: (route: string) => Promise<string>): Promise<{ rssMb: number; heapMb: number | null }> {
  const collected = server.stderrLine('creditgraph: full GC done');
  server.child.kill('SIGUSR2');
  await collected;
  let rssMb = NaN;
  try {
    const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
    rssMb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
  } catch {
    // not Linux
  }
  const metrics = await get('/metrics');
  const heap = /^nodejs_heap_size_used_bytes\s+([\d.e+]+)/m.exec(metrics);
  return { rssMb, heapMb: heap ? Number(heap[1]) / 1024 / 1024 : null };
}

async function cannon(base: string, route: string, body: string, connections: number, seconds: number): Promise<{ rps: number; p99: number }> {
  const result = await autocannon({
    url: base + route,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_SYSTEM_KEY}` },
    body,
    connections,
    duration: seconds,
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${route}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { rps: result.requests.average, p99: result.latency.p99 };
}

async function replayWindow(base: string, from: string, to: string, log: (line: string) => void): Promise<{ done: number; seconds: number }> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${AUDITOR_KEY}` };
  const t0 = performance.now();
  const res = await fetch(`${base}/api/v1/policies/b2b-standard/simulations?from=active&to=draft`, { method: 'POST', headers, body: JSON.stringify({ source: 'decisions', from, to }) });
  const job = (await res.json()) as { jobId: string };
  if (res.status !== 202) throw new Error(`replay answered ${res.status}: ${JSON.stringify(job).slice(0, 300)}`);
  for (;;) {
    const poll = await fetch(`${base}/api/v1/policies/b2b-standard/simulations/${job.jobId}`, { headers });
    const state = (await poll.json()) as { status: string; error: string | null; progress: { done: number } };
    if (state.status === 'done') return { done: state.progress.done, seconds: (performance.now() - t0) / 1000 };
    if (state.status === 'failed') throw new Error(`replay failed: ${state.error}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// ---------------------------------------------------------------------------------------------
// Portfolio simulation with parsing: CSV and NDJSON files, `creditgraph simulate`'s path.

async function runPortfolioScale(policy: PolicyDocument, sizes: number[], log: (line: string) => void): Promise<ScaleMeasure[]> {
  const out: ScaleMeasure[] = [];
  const put = (key: string, label: string, unit: string, index: number, value: number) => {
    let m = out.find((x) => x.key === key);
    if (!m) out.push((m = { key, label, unit, values: sizes.map(() => null) }));
    m.values[index] = value;
  };
  const dir = tempDataDir();
  try {
    for (let s = 0; s < sizes.length; s++) {
      const rows = sizes[s]!;
      for (const format of ['csv', 'ndjson'] as const) {
        const file = path.join(dir.dir, `portfolio-${rows}.${format}`);
        writePortfolio(policy, file, rows, format);
        const r = await simulateInChild(file);
        if (r.recordCount !== rows || r.rejectedCount > 0) throw new Error(`${file}: ${r.recordCount} rows read, ${r.rejectedCount} rejected`);
        put(`${format}Seconds`, `${format.toUpperCase()} × 2 versions, streamed, all cores: wall time`, 's', s, r.seconds);
        put(`${format}Rate`, `${format.toUpperCase()}: rows/s (parse + simulate)`, 'rows/s', s, rows / r.seconds);
        put(`${format}CpuSeconds`, `${format.toUpperCase()}: CPU time (all threads)`, 's', s, r.cpuSeconds);
        put(`${format}PeakMb`, `${format.toUpperCase()}: peak resident memory of the process`, 'MB', s, r.peakRssMb);
        log(`scale portfolio ${sizeLabel(rows)} ${format}: ${r.seconds.toFixed(2)} s wall, ${r.cpuSeconds.toFixed(2)} s CPU, peak ${fmt(r.peakRssMb)} MB`);
      }
    }
  } finally {
    dir.remove();
  }
  return out;
}

/** Blocks of 100,000 generated customers, ids made unique per block. */
function writePortfolio(policy: PolicyDocument, file: string, rows: number, format: 'csv' | 'ndjson'): void {
  const fd = openSync(file, 'w');
  try {
    for (let k = 0; k * 100_000 < rows; k++) {
      const count = Math.min(100_000, rows - k * 100_000);
      if (format === 'csv') {
        const csv = generatePortfolioCsv(policy, { rows: count, seed: BENCH_SEED + k });
        const body = k === 0 ? csv : csv.slice(csv.indexOf('\n') + 1);
        writeSync(fd, body.replace(/^C/gm, `C${k}-`));
        if (!body.endsWith('\n')) writeSync(fd, '\n');
      } else {
        const lines = generateCustomers(policy, { rows: count, seed: BENCH_SEED + k }).map((c) => JSON.stringify({ ...(c.facts as Facts), customerId: `C${k}-${c.customerId}` }));
        writeSync(fd, `${lines.join('\n')}\n`);
      }
    }
  } finally {
    closeSync(fd);
  }
}

interface ChildResult {
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  recordCount: number;
  rejectedCount: number;
}

function simulateInChild(file: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'scale-simulate-child.ts'), file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(stdout.trim().split('\n').pop()!) as ChildResult) : reject(new Error(`simulate child exited ${code}: ${stderr.slice(-1000)}`))));
  });
}

// ---------------------------------------------------------------------------------------------
// Output: table with slopes, JSON, SVG.

/** log-log slope between two sizes: 0 flat, 1 proportional to the size. */
export function slope(n1: number, v1: number | null, n2: number, v2: number | null): number | null {
  if (v1 === null || v2 === null || !(v1 > 0) || !(v2 > 0)) return null;
  return Math.log(v2 / v1) / Math.log(n2 / n1);
}

export function scaleTable(sizes: number[], measures: ScaleMeasure[]): string {
  const head = ['measure', 'unit', ...sizes.map(sizeLabel), ...sizes.slice(1).map((n, i) => `slope ${sizeLabel(sizes[i]!)}→${sizeLabel(n)}`)];
  const lines = measures.map((m) => [
    m.label,
    m.unit,
    ...m.values.map((v) => (v === null ? '–' : fmt(v))),
    ...sizes.slice(1).map((n, i) => {
      const k = slope(sizes[i]!, m.values[i]!, n, m.values[i + 1]!);
      return k === null ? '–' : k.toFixed(2);
    }),
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...lines.map((l) => l[c]!.length)));
  const row = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  return [row(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(row)].join('\n');
}

export async function runScaleSection(policy: PolicyDocument, sizes: number[], log: (line: string) => void): Promise<void> {
  const started = new Date();
  const load = os.loadavg();
  const result = await runScaleBench(policy, { sizes, log });
  const loadEnd = os.loadavg();
  const header = `creditgraph scale bench · ${started.toISOString()} · Node ${process.version} · ${os.cpus().length} cores · load average ${load.map((l) => l.toFixed(2)).join(' ')} at start, ${loadEnd.map((l) => l.toFixed(2)).join(' ')} at the end`;
  const text = [
    header,
    '',
    'Decision log, audit trail and server (SQLite store), by logged decisions:',
    '',
    scaleTable(result.sizes, result.measures),
    '',
    'Portfolio simulation with parsing (`creditgraph simulate` path, b2b-standard v1 against a v2), by rows:',
    '',
    scaleTable(result.portfolioSizes, result.portfolio),
    '',
    ...result.notes,
  ].join('\n');
  process.stdout.write(`\n${text}\n`);
  const out = path.join(ROOT, 'bench', 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'scale.json'), `${JSON.stringify({ startedAt: started.toISOString(), node: process.version, cores: os.cpus().length, loadAverageAtStart: load, loadAverageAtEnd: loadEnd, ...result }, null, 2)}\n`);
  writeFileSync(path.join(out, 'scale.svg'), scaleChartSvg(result, header));
  process.stdout.write('\nwritten: bench/results/scale.json, bench/results/scale.svg\n');
}
