/**
 * One slice of a portfolio, parsed and simulated under both policies in pieces, with progress as
 * it goes. Parsing is most of the cost (about 3× the evaluation), so each worker parses its own
 * slice: the main thread only cuts the upload at record boundaries (slice-portfolio.ts).
 */
import type { Facts, PolicyDocument } from '../../engine/index.js';
import {
  compileForSimulation,
  type CompiledPolicy,
  mergeImpactResults,
  parsePortfolioChunk,
  portfolioInputs,
  portfolioSummary,
  simulateImpact,
  startPortfolioParse,
  type ImpactResult,
  type PortfolioBatch,
  type PortfolioError,
} from '../policy-engine.js';
import type { SliceResult, SliceTask } from './slice-task.js';

/** ~2,000 CSV rows a piece: progress moves smoothly and a piece's rows are short-lived. */
const PIECE_BYTES = 256 * 1024;
const MAX_PROBLEMS = 1000;

const compiled = new Map<string, CompiledPolicy>();
function compiledOf(key: string, document: PolicyDocument): CompiledPolicy {
  let found = compiled.get(key);
  if (!found) {
    found = compileForSimulation(document);
    compiled.set(key, found);
    if (compiled.size > 16) compiled.delete(compiled.keys().next().value!);
  }
  return found;
}

export function runSlice(task: SliceTask, progress: (done: number) => void): SliceResult {
  const a = compiledOf(task.keyA, task.docA);
  const b = compiledOf(task.keyB, task.docB);
  const state = startPortfolioParse(portfolioInputs(a.document, b.document), { format: task.format, maxErrors: MAX_PROBLEMS });
  const errors: PortfolioError[] = [];
  const warnings: PortfolioError[] = [];
  const parts: ImpactResult[] = [];
  const topFacts = new Map<number, Facts>();
  const options = { topN: task.topN, keepCustomers: true };

  const take = (batch: PortfolioBatch) => {
    for (const e of batch.errors) if ((task.fileProblems || e.row > 0) && errors.length < MAX_PROBLEMS) errors.push(e);
    for (const w of batch.warnings) if ((task.fileProblems || w.row > 0) && warnings.length < MAX_PROBLEMS) warnings.push(w);
    if (batch.rows.length > 0) {
      const part = simulateImpact(a, b, batch.rows, options);
      parts.push(part);
      const top = new Set(part.topChanges.map((change) => change.rowNumber));
      for (const row of batch.rows) if (top.has(row.rowNumber)) topFacts.set(row.rowNumber, row.facts);
    }
    progress(state.recordCount);
  };

  if (task.header !== null) {
    // The header of the file, so this slice's cells map to the right columns; its problems were
    // reported by the first slice.
    parsePortfolioChunk(state, `${task.header}\n`);
  }
  state.line = task.firstLine;
  const decoder = new TextDecoder();
  const bytes = task.bytes;
  if (bytes.length === 0) take(parsePortfolioChunk(state, '', { last: true }));
  for (let offset = 0; offset < bytes.length; offset += PIECE_BYTES) {
    const last = offset + PIECE_BYTES >= bytes.length;
    const text = decoder.decode(bytes.subarray(offset, offset + PIECE_BYTES), { stream: !last });
    take(parsePortfolioChunk(state, text, { last }));
  }

  const result = parts.length === 0 ? simulateImpact(a, b, [], options) : mergeImpactResults(parts);
  const summary = portfolioSummary(state);
  return {
    result,
    recordCount: summary.recordCount,
    rejectedCount: summary.rejectedCount,
    errorCount: summary.errorCount,
    errors,
    warnings,
    columns: summary.columns,
    topFacts: result.topChanges.map((change) => [change.rowNumber, topFacts.get(change.rowNumber)!]),
  };
}

