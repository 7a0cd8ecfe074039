/**
 * What the API sends a simulation worker (one slice of a portfolio and the two policies) and what
 * it gets back. Shared by simulation-worker.ts and simulation-jobs.ts.
 */
import type { Facts, PolicyDocument } from '../../engine/index.js';
import type { ImpactResult, PortfolioError, PortfolioFormat } from '../../engine/impact/index.js';

export interface SliceTask {
  /** Cache keys of the compiled documents in the worker (content hash, or draft etag). */
  keyA: string;
  keyB: string;
  docA: PolicyDocument;
  docB: PolicyDocument;
  format: PortfolioFormat;
  /** CSV slices after the first: the header line to parse before the slice's own records. */
  header: string | null;
  /** Line of the file where the slice starts (1 for the first slice). */
  firstLine: number;
  /** Whether problems about the file as a whole (row 0) are reported: only by the first slice. */
  fileProblems: boolean;
  bytes: Uint8Array;
  topN: number;
}

export interface SliceProgress {
  type: 'progress';
  /** Records of this slice read so far (good and bad). */
  done: number;
}

export interface SliceResult {
  /** Row numbers count from 1 within the slice: the caller shifts them. */
  result: ImpactResult;
  recordCount: number;
  rejectedCount: number;
  errorCount: number;
  errors: PortfolioError[];
  warnings: PortfolioError[];
  columns: string[];
  /** Facts of the customers in `result.topChanges`, so their two decisions can be shown later. */
  topFacts: [number, Facts][];
}
