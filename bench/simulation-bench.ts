/**
 * Section 3: impact simulation of a 100,000-row portfolio under two versions of b2b-standard,
 * with engine/impact (parse the CSV, then one pass evaluating both versions per row). Rows/s counts
 * portfolio rows (each row is decided by both versions), one core.
 */
import { compilePolicy, type PolicyDocument } from '../engine/index.js';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simulatePortfolioFile } from '../bin/simulate-portfolio-file.js';
import { parsePortfolio, parsePortfolioChunk, portfolioInputs, simulateImpact, startPortfolioParse } from '../engine/impact/index.js';
import { generatePortfolioCsv } from '../rulesets/portfolios/synthetic-customers.js';
import { BENCH_SEED } from './lib/customers.js';
import { ratioSpread, spread, type Spread } from './lib/stats.js';

export interface FileSimulationResult {
  rows: number;
  fileMegabytes: number;
  workers: number;
  seconds: Spread;
  rowsPerSecond: Spread;
  /** Peak resident memory of this process and its workers during the runs (Linux: VmHWM). */
  peakRssMegabytes: number;
}

/**
 * A CSV file of `rows` customers simulated under two versions as `creditgraph simulate` does it:
 * streamed in chunks of whole records, parsed and simulated by one worker thread per core.
 * Wall time from opening the file to the merged result, worker start included.
 */
export async function runFileSimulationBench(policy: PolicyDocument, options: { rows: number; rounds: number; log?: (line: string) => void }): Promise<FileSimulationResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'creditgraph-sim-'));
  const file = path.join(dir, 'portfolio.csv');
  try {
    // Blocks of 100,000 generated customers, ids made unique per block.
    const fd = openSync(file, 'w');
    for (let k = 0; k * 100_000 < options.rows; k++) {
      const csv = generatePortfolioCsv(policy, { rows: Math.min(100_000, options.rows - k * 100_000), seed: BENCH_SEED + k });
      const body = k === 0 ? csv : csv.slice(csv.indexOf('\n') + 1);
      writeSync(fd, k === 0 ? body : body.replace(/^C/gm, `C${k}-`));
      if (!body.endsWith('\n')) writeSync(fd, '\n');
    }
    closeSync(fd);
    const a = compilePolicy(policy);
    const b = compilePolicy(candidateVersion(policy));
    const inputs = portfolioInputs(a.document, b.document);
    const seconds: number[] = [];
    let workers = 0;
    for (let round = 0; round < options.rounds; round++) {
      const t0 = performance.now();
      const r = await simulatePortfolioFile(a, b, inputs, file, { keepCustomers: false });
      const s = (performance.now() - t0) / 1000;
      if (r.recordCount !== options.rows || r.rejectedCount > 0) throw new Error(`the file simulated ${r.recordCount} rows (${r.rejectedCount} rejected), not ${options.rows}`);
      workers = r.workers;
      seconds.push(s);
      options.log?.(`simulation: file of ${options.rows.toLocaleString('en-US')} rows on ${workers} workers: ${s.toFixed(2)} s`);
    }
    return {
      rows: options.rows,
      fileMegabytes: statSync(file).size / 1e6,
      workers,
      seconds: spread(seconds),
      rowsPerSecond: spread(seconds.map((x) => options.rows / x)),
      peakRssMegabytes: peakRss() / 1e6,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The process's peak resident set (all threads), from /proc; 0 where there is none. */
function peakRss(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export interface SimulationResult {
  rows: number;
  simulateSeconds: Spread;
  parseSeconds: Spread;
  totalSeconds: Spread;
  /** Parsing as streamed (1 MB pieces in, rows out and dropped): rows/s, one core. */
  streamedParseRowsPerSecond: Spread;
  rowsPerSecond: Spread;
  /** Per round: the streamed parse's time ÷ the simulation's (below 1: the parser keeps up with the engine). */
  streamedParseOverSimulate: Spread;
  changedCustomers: number;
}

/** "Version 2": class B's turnover share 5% → 6% and the class-B threshold 65 → 62 (a plausible review). */
export function candidateVersion(policy: PolicyDocument): PolicyDocument {
  const next = structuredClone(policy);
  for (const node of next.nodes) {
    if (node.kind === 'creditLimit' && node.config.classParameters?.B) node.config.classParameters.B.turnoverShare = 0.06;
    if (node.kind === 'riskClass') for (const c of node.config.classes) if (c.id === 'B') c.minScore = 62;
  }
  return next;
}

export function runSimulationBench(policy: PolicyDocument, options: { rows: number; rounds: number; log?: (line: string) => void }): SimulationResult {
  const csv = generatePortfolioCsv(policy, { rows: options.rows, seed: BENCH_SEED });
  const a = compilePolicy(policy);
  const b = compilePolicy(candidateVersion(policy));
  const simulate: number[] = [];
  const parse: number[] = [];
  const streamed: number[] = [];
  const streamedMsList: number[] = [];
  const simulateMsList: number[] = [];
  let changed = 0;
  for (let round = 0; round < options.rounds + 1; round++) {
    let t0 = performance.now();
    const parsed = parsePortfolio(policy, csv);
    const parseMs = performance.now() - t0;
    if (parsed.rows.length !== options.rows) throw new Error(`the portfolio parsed to ${parsed.rows.length} rows, not ${options.rows}: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
    t0 = performance.now();
    const result = simulateImpact(a, b, parsed.rows, { keepCustomers: true });
    const simulateMs = performance.now() - t0;
    if (result.failureCount > 0) throw new Error(`${result.failureCount} rows failed to evaluate`);
    changed = result.changed.any;
    t0 = performance.now();
    const state = startPortfolioParse(policy);
    let streamedRows = 0;
    for (let at = 0; at < csv.length; at += 1 << 20) streamedRows += parsePortfolioChunk(state, csv.slice(at, at + (1 << 20)), { last: at + (1 << 20) >= csv.length }).rows.length;
    const streamedMs = performance.now() - t0;
    if (streamedRows !== options.rows) throw new Error(`the streamed parse gave ${streamedRows} rows`);
    if (round === 0) continue; // warm-up
    streamed.push(options.rows / (streamedMs / 1000));
    streamedMsList.push(streamedMs);
    simulateMsList.push(simulateMs);
    parse.push(parseMs / 1000);
    simulate.push(simulateMs / 1000);
    options.log?.(`simulation: round ${round}/${options.rounds}: parse ${(parseMs / 1000).toFixed(2)} s, simulate ${(simulateMs / 1000).toFixed(2)} s`);
  }
  return {
    rows: options.rows,
    simulateSeconds: spread(simulate),
    parseSeconds: spread(parse),
    totalSeconds: spread(simulate.map((s, i) => s + parse[i])),
    rowsPerSecond: spread(simulate.map((s) => options.rows / s)),
    streamedParseRowsPerSecond: spread(streamed),
    streamedParseOverSimulate: ratioSpread(streamedMsList, simulateMsList),
    changedCustomers: changed,
  };
}
