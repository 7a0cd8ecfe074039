/**
 * Cuts an uploaded portfolio into slices of whole records, one per worker, without decoding it:
 * `\n` and `"` are single bytes in UTF-8 that never occur inside a multi-byte character, so a
 * byte scan finds the record ends (a newline outside quotes) exactly as the CSV parser would.
 * The scan yields to the event loop between megabytes: a 50 MB upload must not stall decisions.
 */
import type { PortfolioFormat } from '../../engine/impact/index.js';
import { yieldToEventLoop } from '../yield-to-event-loop.js';

export interface PortfolioSlice {
  bytes: Uint8Array;
  /** Line of the file where the slice starts. */
  firstLine: number;
}

export interface SlicedPortfolio {
  format: PortfolioFormat;
  /** CSV: the header line (without its line end), repeated before every slice after the first. */
  header: string | null;
  slices: PortfolioSlice[];
  /** Non-blank lines after the header: the number of records, give or take quoted newlines. */
  estimatedRecords: number;
}

const NEWLINE = 10;
const QUOTE = 34;
const SCAN_STEP = 1 << 20;

export function guessFormat(bytes: Uint8Array): PortfolioFormat {
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

export async function slicePortfolio(bytes: Uint8Array, format: PortfolioFormat, parts: number, minSliceRecords = 1000): Promise<SlicedPortfolio> {
  // A JSON array cannot be cut without parsing it: one slice, one worker.
  if (format === 'json') return { format, header: null, slices: [{ bytes, firstLine: 1 }], estimatedRecords: 0 };
  const csv = format === 'csv';
  // Record ends (index of the '\n') and the line each following record starts on.
  const ends: number[] = [];
  const lineAfter: number[] = [];
  let line = 1;
  let inQuotes = false;
  let blank = true;
  let records = 0;
  for (let start = 0; start < bytes.length; start += SCAN_STEP) {
    const stop = Math.min(bytes.length, start + SCAN_STEP);
    for (let i = start; i < stop; i++) {
      const c = bytes[i];
      if (c === QUOTE && csv) inQuotes = !inQuotes;
      if (c === NEWLINE) {
        line++;
        if (!inQuotes) {
          ends.push(i);
          lineAfter.push(line);
          if (!blank) records++;
          blank = true;
        }
      } else if (c !== 13 && c !== 32 && c !== 9 && c !== 44 && c !== 59) blank = false;
    }
    if (stop < bytes.length) await yieldToEventLoop();
  }
  if (!blank) records++;

  let header: string | null = null;
  let bodyStart = 0;
  if (csv && ends.length > 0) {
    const headerEnd = ends[0];
    header = new TextDecoder().decode(bytes.subarray(0, headerEnd)).replace(/\r$/, '').replace(/^\uFEFF/, '');
    bodyStart = headerEnd + 1;
    records--; // the header is no record
  }
  const cuts = csv ? ends.slice(1) : ends;
  const cutLines = csv ? lineAfter.slice(1) : lineAfter;
  const n = Math.max(1, Math.min(parts, Math.ceil(records / minSliceRecords)));
  if (n === 1 || cuts.length === 0) return { format, header, slices: [{ bytes, firstLine: 1 }], estimatedRecords: Math.max(0, records) };

  // Equal byte sizes, each cut moved to the next record end.
  const slices: PortfolioSlice[] = [{ bytes: bytes.subarray(0, 0), firstLine: 1 }];
  let from = 0;
  let c = 0;
  for (let k = 1; k < n; k++) {
    const target = bodyStart + Math.floor(((bytes.length - bodyStart) * k) / n);
    while (c < cuts.length && cuts[c] + 1 < target) c++;
    if (c >= cuts.length) break;
    slices[slices.length - 1].bytes = bytes.subarray(from, cuts[c] + 1);
    from = cuts[c] + 1;
    slices.push({ bytes: bytes.subarray(0, 0), firstLine: cutLines[c] });
    c++;
  }
  slices[slices.length - 1].bytes = bytes.subarray(from);
  return { format, header, slices, estimatedRecords: Math.max(0, records) };
}
