/**
 * The on-disk record format of the journal and the decision log: one record per line,
 * `<checksum> <json>\n`, where checksum = first 16 hex digits of sha-256(json).
 * A line is data only when it is complete (ends with \n), its checksum matches and its JSON parses,
 * so a record torn by a crash is never read as data.
 */
import { createHash } from 'node:crypto';

const CHECKSUM_LENGTH = 16;

function checksum(json: string): string {
  return createHash('sha256').update(json).digest('hex').slice(0, CHECKSUM_LENGTH);
}

export function frameLine(value: unknown): Buffer {
  return frameText(JSON.stringify(value));
}

/** Frames JSON text already serialised by the caller. */
export function frameText(json: string): Buffer {
  return Buffer.from(`${checksum(json)} ${json}\n`, 'utf8');
}

export type LineState = 'good' | 'checksum-mismatch' | 'unreadable';

export interface ScannedLine {
  offset: number;
  length: number; // including the newline
  state: LineState;
  value: unknown; // parsed JSON when state is 'good' or 'checksum-mismatch'
}

export interface ScanResult {
  /** Complete lines up to and including the last good one. */
  lines: ScannedLine[];
  /** Byte length of the data to keep: everything after it is a torn or invalid tail. */
  validLength: number;
  /** Bytes after validLength (a torn write, or garbage appended to the file). */
  tailBytes: number;
}

function scanLine(buf: Buffer, offset: number, end: number): ScannedLine {
  const text = buf.toString('utf8', offset, end);
  const length = end - offset + 1;
  const space = text.indexOf(' ');
  if (space !== CHECKSUM_LENGTH) return { offset, length, state: 'unreadable', value: undefined };
  const json = text.slice(space + 1);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { offset, length, state: 'unreadable', value: undefined };
  }
  const state: LineState = text.slice(0, space) === checksum(json) ? 'good' : 'checksum-mismatch';
  return { offset, length, state, value };
}

/** The record in `buf` when it holds exactly one framed line (a read at a known place); null if it does not. */
export function scanOneLine(buf: Buffer): ScannedLine | null {
  if (buf.length === 0 || buf[buf.length - 1] !== 0x0a || buf.indexOf(0x0a) !== buf.length - 1) return null;
  const line = scanLine(buf, 0, buf.length - 1);
  return line.state === 'unreadable' ? null : line;
}

export function scanFramed(buf: Buffer): ScanResult {
  const all: ScannedLine[] = [];
  let offset = 0;
  while (offset < buf.length) {
    const nl = buf.indexOf(0x0a, offset);
    if (nl === -1) break; // an unterminated last line is torn by definition
    all.push(scanLine(buf, offset, nl));
    offset = nl + 1;
  }
  let lastGood = all.length - 1;
  while (lastGood >= 0 && all[lastGood].state !== 'good') lastGood--;
  const lines = all.slice(0, lastGood + 1);
  const validLength = lastGood >= 0 ? all[lastGood].offset + all[lastGood].length : 0;
  return { lines, validLength, tailBytes: buf.length - validLength };
}
