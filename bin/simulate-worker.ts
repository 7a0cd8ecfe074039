/**
 * Worker thread of `creditgraph simulate` on a large portfolio (simulate-portfolio-file.ts): parses
 * and simulates one chunk of whole records per message. The policies arrive once, in workerData.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compilePolicy, type PolicyDocument } from '../engine/index.js';
import { parsePortfolioChunk, portfolioSummary, startImpactRun, startPortfolioParse, type ImpactResult, type PortfolioError } from '../engine/impact/index.js';
import type { ChunkResult, ChunkTask } from './simulate-portfolio-file.js';

const { docA, docB, inputs, keepCustomers, maxErrors } = workerData as { docA: PolicyDocument; docB: PolicyDocument; inputs: PolicyDocument; keepCustomers: boolean; maxErrors: number };
const a = compilePolicy(docA);
const b = compilePolicy(docB);
/** ~1,000 rows a piece: the rows of a piece die young. */
const PIECE = 256 * 1024;

function runChunk(task: ChunkTask): ChunkResult {
  const state = startPortfolioParse(inputs, { format: task.format, maxErrors });
  const run = startImpactRun(a, b, { keepCustomers });
  const errors: PortfolioError[] = [];
  const warnings: PortfolioError[] = [];
  const keep = (from: PortfolioError[], into: PortfolioError[]) => {
    for (const p of from) if (into.length < maxErrors) into.push(p);
  };
  // The header first, so the chunk's cells map to the right columns; its problems (and their
  // count) are the first chunk's to report.
  let headerErrors = 0;
  if (task.header !== null) {
    parsePortfolioChunk(state, `${task.header}\n`);
    headerErrors = state.errorCount;
  }
  state.line = task.firstLine;
  const text = new TextDecoder().decode(task.bytes);
  for (let at = 0; ; at += PIECE) {
    const last = at + PIECE >= text.length;
    const batch = parsePortfolioChunk(state, text.slice(at, at + PIECE), { last });
    keep(batch.errors, errors);
    keep(batch.warnings, warnings);
    run.add(batch.rows);
    if (last) break;
  }
  const summary = portfolioSummary(state);
  return { index: task.index, result: run.result(), recordCount: summary.recordCount, rejectedCount: summary.rejectedCount, errorCount: summary.errorCount - headerErrors, errors, warnings };
}

function transferables(result: ImpactResult): ArrayBuffer[] {
  const c = result.customers;
  if (!c) return [];
  const buffers = new Set<ArrayBuffer>();
  for (const value of Object.values(c)) if (ArrayBuffer.isView(value)) buffers.add(value.buffer as ArrayBuffer);
  return [...buffers];
}

parentPort!.on('message', (task: ChunkTask) => {
  try {
    const value = runChunk(task);
    parentPort!.postMessage({ ok: true, value }, transferables(value.result));
  } catch (error) {
    parentPort!.postMessage({ ok: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
