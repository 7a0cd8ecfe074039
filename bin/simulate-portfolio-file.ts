/**
 * A portfolio file of any size simulated under two policies with bounded memory and every core:
 * the file is read in chunks of whole records (a byte scan: `\n` and `"` never occur inside a
 * multi-byte UTF-8 character, so the record ends are found without decoding), each chunk is parsed
 * and simulated by a worker thread (simulate-worker.ts), and the compact results are added up in
 * file order. Memory holds a few chunks per worker and the results, never the rows (unless the
 * per-customer lines are asked for, `keepCustomers`).
 *
 * Small files (one chunk) and JSON arrays (which cannot be cut without parsing them) are done in
 * this thread: starting workers costs more than it saves there.
 *
 * One difference with a one-pass parse: a customer id repeated in two different chunks is not
 * warned about (each worker knows only its chunk's ids; keeping every id would make memory grow
 * with the file).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CompiledPolicy, PolicyDocument } from '../engine/index.js';
import {
  mergeImpactResults,
  parsePortfolioChunk,
  portfolioSummary,
  startImpactRun,
  startPortfolioParse,
  type ImpactResult,
  type PortfolioError,
  type PortfolioFormat,
} from '../engine/impact/index.js';

export interface ChunkTask {
  index: number;
  format: PortfolioFormat;
  /** CSV chunks after the first: the header line (without its `\n`), parsed before the chunk. */
  header: string | null;
  /** Line of the file where the chunk starts. */
  firstLine: number;
  bytes: Uint8Array;
}

export interface ChunkResult {
  index: number;
  /** Row numbers count from 1 within the chunk until the caller shifts them. */
  result: ImpactResult;
  recordCount: number;
  rejectedCount: number;
  errorCount: number;
  errors: PortfolioError[];
  warnings: PortfolioError[];
}

export interface FileSimulation {
  result: ImpactResult;
  format: PortfolioFormat;
  recordCount: number;
  rejectedCount: number;
  errorCount: number;
  errors: PortfolioError[];
  warnings: PortfolioError[];
  /** Worker threads used (0: done in this thread). */
  workers: number;
}

export interface FileSimulationOptions {
  keepCustomers: boolean;
  /** Default: one per core. */
  workers?: number;
  /** Bytes per chunk (default 4 MiB ≈ 20,000 rows of b2b-standard). */
  chunkBytes?: number;
  maxErrors?: number;
}

const NEWLINE = 10;
const QUOTE = 34;

export async function simulatePortfolioFile(a: CompiledPolicy, b: CompiledPolicy, inputs: PolicyDocument, file: string, options: FileSimulationOptions): Promise<FileSimulation> {
  const chunkBytes = options.chunkBytes ?? 4 << 20;
  const maxErrors = options.maxErrors ?? 1000;
  const fd = openSync(file, 'r');
  try {
    let carry = readChunk(fd, new Uint8Array(0), chunkBytes);
    const format = guessFormat(carry.bytes);
    if (carry.eof || format === 'json') {
      // Read whole and parse here (JSON arrays cannot be cut; small files are not worth workers).
      const all = [carry.bytes];
      while (!carry.eof) {
        carry = readChunk(fd, new Uint8Array(0), chunkBytes);
        all.push(carry.bytes);
      }
      return simulateHere(a, b, inputs, Buffer.concat(all).toString('utf8'), format, options.keepCustomers, maxErrors);
    }
    return await simulateInWorkers(a, b, inputs, fd, carry, format, chunkBytes, maxErrors, options);
  } finally {
    closeSync(fd);
  }
}

function simulateHere(a: CompiledPolicy, b: CompiledPolicy, inputs: PolicyDocument, text: string, format: PortfolioFormat, keepCustomers: boolean, maxErrors: number): FileSimulation {
  const state = startPortfolioParse(inputs, { format, maxErrors });
  const run = startImpactRun(a, b, { keepCustomers });
  const errors: PortfolioError[] = [];
  const warnings: PortfolioError[] = [];
  const piece = format === 'json' ? Math.max(1, text.length) : 256 * 1024;
  for (let at = 0; ; at += piece) {
    const last = at + piece >= text.length;
    const batch = parsePortfolioChunk(state, text.slice(at, at + piece), { last });
    errors.push(...batch.errors);
    for (const w of batch.warnings) if (warnings.length < maxErrors) warnings.push(w);
    run.add(batch.rows);
    if (last) break;
  }
  const summary = portfolioSummary(state);
  return { result: run.result(), format, recordCount: summary.recordCount, rejectedCount: summary.rejectedCount, errorCount: summary.errorCount, errors, warnings, workers: 0 };
}

interface Read {
  bytes: Uint8Array;
  eof: boolean;
}

/** `carry` (the unfinished record of the previous read) followed by up to `size` new bytes. */
function readChunk(fd: number, carry: Uint8Array, size: number): Read {
  const buffer = Buffer.allocUnsafe(carry.length + size);
  buffer.set(carry, 0);
  let filled = carry.length;
  while (filled < buffer.length) {
    const n = readSync(fd, buffer, filled, buffer.length - filled, null);
    if (n === 0) return { bytes: buffer.subarray(0, filled), eof: true };
    filled += n;
  }
  return { bytes: buffer.subarray(0, filled), eof: false };
}

function guessFormat(bytes: Uint8Array): PortfolioFormat {
  for (let i = 0; i < bytes.length && i < 4096; i++) {
    const c = bytes[i];
    if (c === 0xef && bytes[i + 1] === 0xbb && bytes[i + 2] === 0xbf) {
      i += 2;
      continue;
    }
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    return c === 0x5b ? 'json' : c === 0x7b ? 'ndjson' : 'csv';
  }
  return 'csv';
}

/** Where the scan of the CSV stands: inside quotes or not, carried from chunk to chunk. */
interface Scan {
  inQuotes: boolean;
}

/** Index just past the last record end (a `\n` outside quotes) of `bytes`, or 0; counts its newlines. */
function lastRecordEnd(bytes: Uint8Array, csv: boolean, scan: Scan): { cut: number; newlines: number } {
  let cut = 0;
  let newlines = 0;
  let inQuotes = scan.inQuotes;
  let newlinesAtCut = 0;
  let quotesAtCut = inQuotes;
  if (!csv || (!inQuotes && bytes.indexOf(QUOTE) < 0)) {
    const end = bytes.lastIndexOf(NEWLINE);
    if (end < 0) return { cut: 0, newlines: 0 };
    for (let i = bytes.indexOf(NEWLINE); i >= 0 && i <= end; i = bytes.indexOf(NEWLINE, i + 1)) newlines++;
    return { cut: end + 1, newlines };
  }
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === QUOTE) inQuotes = !inQuotes;
    else if (c === NEWLINE) {
      newlines++;
      if (!inQuotes) {
        cut = i + 1;
        newlinesAtCut = newlines;
        quotesAtCut = inQuotes;
      }
    }
  }
  scan.inQuotes = quotesAtCut;
  return { cut, newlines: newlinesAtCut };
}

function countNewlines(bytes: Uint8Array): number {
  let n = 0;
  for (let i = bytes.indexOf(NEWLINE); i >= 0; i = bytes.indexOf(NEWLINE, i + 1)) n++;
  return n;
}

async function simulateInWorkers(
  a: CompiledPolicy,
  b: CompiledPolicy,
  inputs: PolicyDocument,
  fd: number,
  first: Read,
  format: PortfolioFormat,
  chunkBytes: number,
  maxErrors: number,
  options: FileSimulationOptions,
): Promise<FileSimulation> {
  const csv = format === 'csv';
  const size = Math.max(1, options.workers ?? availableParallelism());
  const workers = Array.from({ length: size }, () => startWorker({ docA: a.document, docB: b.document, inputs, keepCustomers: options.keepCustomers, maxErrors }));
  const idle: Worker[] = [...workers];
  const waiting: (() => void)[] = [];
  const done = new Map<number, ChunkResult>();
  let failure: Error | null = null;

  // Results are added up in file order, as they complete: row numbers are shifted by the records before.
  let merged: ImpactResult | null = null;
  let nextToMerge = 0;
  let recordOffset = 0;
  let rejectedCount = 0;
  let errorCount = 0;
  const errors: PortfolioError[] = [];
  const warnings: PortfolioError[] = [];
  const absorb = () => {
    for (let part = done.get(nextToMerge); part; part = done.get(nextToMerge)) {
      done.delete(nextToMerge++);
      shiftRows(part, recordOffset);
      recordOffset += part.recordCount;
      rejectedCount += part.rejectedCount;
      errorCount += part.errorCount;
      for (const e of part.errors) if (errors.length < maxErrors) errors.push(e);
      for (const w of part.warnings) if (warnings.length < maxErrors) warnings.push(w);
      merged = merged === null ? part.result : mergeImpactResults([merged, part.result]);
    }
  };

  const whenIdle = async () => {
    while (idle.length === 0) await new Promise<void>((resolve) => waiting.push(resolve));
  };
  /** Hands a chunk to an idle worker (call `whenIdle` first). */
  const dispatch = (task: ChunkTask) => {
    const worker = idle.pop()!;
    const pending = new Promise<void>((resolve) => {
      const onMessage = (reply: { ok: true; value: ChunkResult } | { ok: false; message: string }) => {
        worker.off('error', onError);
        if (reply.ok) {
          done.set(reply.value.index, reply.value);
          absorb();
        } else failure ??= new Error(`simulating chunk ${task.index + 1}: ${reply.message}`);
        idle.push(worker);
        waiting.shift()?.();
        resolve();
      };
      const onError = (error: Error) => {
        worker.off('message', onMessage);
        failure ??= error;
        resolve();
      };
      worker.once('message', onMessage);
      worker.once('error', onError);
    });
    worker.postMessage(task, [task.bytes.buffer as ArrayBuffer]);
    return pending;
  };

  const inFlight: Promise<void>[] = [];
  try {
    let read = first;
    let header: string | null = null;
    let line = 1;
    const scan: Scan = { inQuotes: false };
    for (let index = 0; failure === null; index++) {
      let bytes: Uint8Array;
      let newlines: number;
      if (read.eof) {
        bytes = new Uint8Array(read.bytes); // its own ArrayBuffer: transferable (a Buffer's may be pooled)
        newlines = countNewlines(bytes);
        read = { bytes: new Uint8Array(0), eof: true };
      } else {
        const end = lastRecordEnd(read.bytes, csv, scan);
        if (end.cut === 0) {
          // A record longer than a chunk: read more before cutting.
          read = readChunk(fd, read.bytes, chunkBytes);
          index--;
          continue;
        }
        // A copy with its own ArrayBuffer, handed over (transferred) to a worker. Not Buffer#slice,
        // which is a view: Node 24 refuses to transfer a Buffer's (possibly pooled) memory.
        bytes = new Uint8Array(read.bytes.subarray(0, end.cut));
        newlines = end.newlines;
        read = readChunk(fd, read.bytes.subarray(end.cut), chunkBytes);
      }
      if (index === 0 && csv) header = headerLine(bytes);
      const task: ChunkTask = { index, format, header: index === 0 ? null : header, firstLine: line, bytes };
      line += newlines;
      // Reading waits for a free worker: memory holds one chunk per worker, whatever the file's size.
      await whenIdle();
      if (failure) break;
      inFlight.push(dispatch(task));
      if (read.bytes.length === 0 && read.eof) break;
    }
    await Promise.all(inFlight);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  if (failure) throw failure;
  return { result: merged!, format, recordCount: recordOffset, rejectedCount, errorCount, errors, warnings, workers: size };
}

/** The CSV header line as the parser should see it again: no BOM, no `\n` (a `\r` is kept). */
function headerLine(bytes: Uint8Array): string {
  let inQuotes = false;
  let end = bytes.length;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === QUOTE) inQuotes = !inQuotes;
    else if (bytes[i] === NEWLINE && !inQuotes) {
      end = i;
      break;
    }
  }
  return new TextDecoder().decode(bytes.subarray(0, end)).replace(/^\uFEFF/, '');
}

function shiftRows(part: ChunkResult, offset: number): void {
  if (offset === 0) return;
  const r = part.result;
  if (r.customers) for (let i = 0; i < r.customers.rowNumber.length; i++) r.customers.rowNumber[i] += offset;
  for (const change of r.topChanges) change.rowNumber += offset;
  for (const failure of r.failures) failure.rowNumber += offset;
  for (const problem of [...part.errors, ...part.warnings]) if (problem.row > 0) problem.row += offset;
}

const WORKER_URL = new URL(`./simulate-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

function startWorker(workerData: unknown): Worker {
  // Under tsx the worker is a .ts file; Node 20 ignores `--import tsx` in a worker's execArgv, so
  // a one-line bootstrap registers tsx's loader first.
  return WORKER_URL.pathname.endsWith('.ts')
    ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL.href)}); })`, { eval: true, workerData })
    : new Worker(WORKER_URL, { workerData });
}
