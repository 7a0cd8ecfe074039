/**
 * Section 2 (HTTP) and section 4 (start-up). The real server as production runs it (the bundle of
 * `npm run build`, built from the current source; SQLite store in a fresh DATA_DIR, decision log on,
 * pino request logging at info to a discarded stdout) against a bare Express route answering the
 * same response object (`node --import tsx`, same env). autocannon runs in this process: at a fixed
 * 1,000 req/s, then at saturation; rounds alternate the two servers so a noisy neighbour hits both.
 * Then WORKERS=1 against WORKERS=2 (node:cluster, both workers on one SQLite data folder): logged
 * decisions per second at saturation, rounds alternating the two.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import type { PolicyDocument } from '../engine/index.js';
import { buildProductionServer, DECISION_PATH, DEMO_SYSTEM_KEY, startServer, tempDataDir, type Started } from './lib/server-process.js';
import { ratioSpread, spread, type Spread } from './lib/stats.js';

export interface HttpBenchOptions {
  rounds: number;
  durationSeconds: number;
  connections: number;
  log?: (line: string) => void;
}

interface LoadFigures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export interface HttpBenchResult {
  responseBytes: number;
  fixedRate: { target: number; real: { p50: Spread; p99: Spread; achieved: Spread }; bare: { p50: Spread; p99: Spread; achieved: Spread } };
  saturation: { real: { rps: Spread; p50: Spread; p99: Spread }; bare: { rps: Spread; p50: Spread; p99: Spread }; ratio: Spread };
  errors: number;
  workers2: string;
  workers: WorkersResult | null;
}

export interface WorkersResult {
  one: Spread;
  two: Spread;
  ratio: Spread;
  errors: number;
}

export interface StartupResult {
  firstStartMs: Spread;
  restartMs: Spread;
}

function requestBody(policy: PolicyDocument): string {
  // The worked example of the policy (golden test 1): a class-B customer, accepted.
  return JSON.stringify({ facts: policy.tests?.[0]?.facts ?? {}, customerId: 'BENCH-1' });
}

async function load(port: number, body: string, options: { durationSeconds: number; connections: number; overallRate?: number }): Promise<LoadFigures> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${DECISION_PATH}`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_SYSTEM_KEY}` },
    body,
    connections: options.connections,
    duration: options.durationSeconds,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
  });
  return { requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.timeouts, non2xx: result.non2xx };
}

async function withServers<T>(policy: PolicyDocument, run: (real: Started, bare: Started, body: string) => Promise<T>): Promise<T> {
  const script = await buildProductionServer();
  const data = tempDataDir();
  const body = requestBody(policy);
  const real = await startServer({ script, env: { DATA_DIR: data.dir }, route: DECISION_PATH, body, expectStatus: 201 });
  let bare: Started | null = null;
  try {
    const sample = await fetch(`http://127.0.0.1:${real.port}${DECISION_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_SYSTEM_KEY}` },
      body,
    });
    const responseFile = path.join(data.dir, 'bench-response.json');
    writeFileSync(responseFile, await sample.text());
    bare = await startServer({ script: 'bench/http/bare-express-server.ts', env: { BARE_BODY_FILE: responseFile }, route: DECISION_PATH, body, expectStatus: 201 });
    return await run(real, bare, body);
  } finally {
    await real.stop();
    await bare?.stop();
    data.remove();
  }
}

/** Logged decisions per second at saturation: one process against two workers on one SQLite folder. */
export async function runWorkersBench(policy: PolicyDocument, options: HttpBenchOptions): Promise<WorkersResult> {
  const log = options.log ?? (() => {});
  const script = await buildProductionServer();
  const body = requestBody(policy);
  const runs = { 1: [] as LoadFigures[], 2: [] as LoadFigures[] };
  const data = { 1: tempDataDir(), 2: tempDataDir() };
  const servers: Partial<Record<1 | 2, Started>> = {};
  try {
    for (const n of [1, 2] as const) servers[n] = await startServer({ script, env: { DATA_DIR: data[n].dir, WORKERS: String(n) }, route: DECISION_PATH, body, expectStatus: 201 });
    for (const n of [1, 2] as const) await load(servers[n]!.port, body, { durationSeconds: 2, connections: options.connections }); // warm-up
    for (let round = 0; round < options.rounds; round++) {
      const order = round % 2 === 0 ? ([1, 2] as const) : ([2, 1] as const);
      for (const n of order) runs[n].push(await load(servers[n]!.port, body, { durationSeconds: options.durationSeconds, connections: options.connections }));
      log(`http: WORKERS round ${round + 1}/${options.rounds}: 1 worker ${runs[1][round].requestsPerSecond.toFixed(0)} decisions/s, 2 workers ${runs[2][round].requestsPerSecond.toFixed(0)} decisions/s`);
    }
  } finally {
    for (const n of [1, 2] as const) await servers[n]?.stop();
    data[1].remove();
    data[2].remove();
  }
  const rps = (n: 1 | 2) => runs[n].map((r) => r.requestsPerSecond);
  return { one: spread(rps(1)), two: spread(rps(2)), ratio: ratioSpread(rps(2), rps(1)), errors: [...runs[1], ...runs[2]].reduce((n, r) => n + r.errors + r.non2xx, 0) };
}

export async function runHttpBench(policy: PolicyDocument, options: HttpBenchOptions): Promise<HttpBenchResult> {
  const log = options.log ?? (() => {});
  const result = await withServers(policy, async (real, bare, body) => {
    const responseBytes = Buffer.byteLength(await (await fetch(`http://127.0.0.1:${bare.port}${DECISION_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).text());
    // Warm-up: both JITs and the compiled-policy cache.
    await load(real.port, body, { durationSeconds: 2, connections: options.connections });
    await load(bare.port, body, { durationSeconds: 2, connections: options.connections });
    const fixed = { real: [] as LoadFigures[], bare: [] as LoadFigures[] };
    const sat = { real: [] as LoadFigures[], bare: [] as LoadFigures[] };
    for (let round = 0; round < options.rounds; round++) {
      const order: ['real' | 'bare', Started][] = round % 2 === 0 ? [['real', real], ['bare', bare]] : [['bare', bare], ['real', real]];
      for (const [name, server] of order) fixed[name].push(await load(server.port, body, { durationSeconds: options.durationSeconds, connections: options.connections, overallRate: 1000 }));
      for (const [name, server] of order) sat[name].push(await load(server.port, body, { durationSeconds: options.durationSeconds, connections: options.connections }));
      log(`http: round ${round + 1}/${options.rounds}: saturation real ${sat.real[round].requestsPerSecond.toFixed(0)} req/s, bare ${sat.bare[round].requestsPerSecond.toFixed(0)} req/s; at 1,000 req/s p99 real ${fixed.real[round].p99} ms`);
    }
    const figures = (runs: LoadFigures[]) => ({ p50: spread(runs.map((r) => r.p50)), p99: spread(runs.map((r) => r.p99)) });
    const errors = [...fixed.real, ...sat.real].reduce((n, r) => n + r.errors + r.non2xx, 0);
    return {
      responseBytes,
      fixedRate: {
        target: 1000,
        real: { ...figures(fixed.real), achieved: spread(fixed.real.map((r) => r.requestsPerSecond)) },
        bare: { ...figures(fixed.bare), achieved: spread(fixed.bare.map((r) => r.requestsPerSecond)) },
      },
      saturation: {
        real: { rps: spread(sat.real.map((r) => r.requestsPerSecond)), ...figures(sat.real) },
        bare: { rps: spread(sat.bare.map((r) => r.requestsPerSecond)), ...figures(sat.bare) },
        ratio: ratioSpread(sat.real.map((r) => r.requestsPerSecond), sat.bare.map((r) => r.requestsPerSecond)),
      },
      errors,
      workers2: '',
      workers: null as WorkersResult | null,
    };
  });
  // Measured after the servers above have stopped, so they do not compete for the cores.
  const workers = await runWorkersBench(policy, options);
  const f = (x: Spread) => `${Math.round(x.median)} (${Math.round(x.min)}–${Math.round(x.max)})`;
  return { ...result, workers, workers2: `${f(workers.two)} decisions/s vs ${f(workers.one)} with WORKERS=1: × ${workers.ratio.median.toFixed(2)}` };
}

/**
 * Process start to the first served decision, as `npm start` starts it (`node` on the built
 * server, no build step timed): first start (empty store, policies seeded) and restart.
 */
export async function runStartupBench(policy: PolicyDocument, rounds: number): Promise<StartupResult> {
  const script = await buildProductionServer();
  const body = requestBody(policy);
  const first: number[] = [];
  const restart: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const data = tempDataDir();
    try {
      const a = await startServer({ script, env: { DATA_DIR: data.dir }, route: DECISION_PATH, body, expectStatus: 201 });
      first.push(a.firstDecisionMs);
      await a.stop();
      const b = await startServer({ script, env: { DATA_DIR: data.dir }, route: DECISION_PATH, body, expectStatus: 201 });
      restart.push(b.firstDecisionMs);
      await b.stop();
    } finally {
      data.remove();
    }
  }
  return { firstStartMs: spread(first), restartMs: spread(restart) };
}
