/**
 * A small, standalone reader of the file store's on-disk format, for the one-time import into
 * SQLite (the FileStore class is gone: this is the only code left that reads the format):
 *
 *   journal/NNNNNNNN.ndjson    one commit per line: { n, audit: AuditEntry | null, changes: [{ kind, record }] }
 *   decisions/NNNNNNNN.ndjson  one DecisionRecord per line
 *   state.snapshot             one line: the state as of the start of segment `segment` (a cross-check here)
 *
 * Line format: `<16 hex digits of sha-256(json)> <json>\n`. As the file store reads them: a torn
 * last line (no newline, bad checksum, bad JSON) was never acknowledged and is skipped; a checksum
 * mismatch is read anyway with a warning (the audit chain check tells what changed); an unreadable
 * journal line BEFORE good ones is damage, and the import stops rather than guess.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

export const JOURNAL_DIR = 'journal';
export const DECISIONS_DIR = 'decisions';
export const SNAPSHOT_FILE = 'state.snapshot';
export const LEGACY_JOURNAL_FILE = 'journal.ndjson';

const SEGMENT = /^(\d{8})\.ndjson$/;

export interface FramedLine {
  /** The JSON text exactly as written. */
  json: string;
  value: unknown;
  checksumOk: boolean;
  offset: number;
}

export interface ChangeLine {
  kind: 'policy' | 'draft' | 'version' | 'user' | 'key' | 'approval' | 'alert' | 'webhook' | 'delivery';
  record: Record<string, unknown>;
}

export interface CommitLine {
  n: number;
  audit: Record<string, unknown> | null;
  changes: ChangeLine[];
}

/** The lines of one segment file; `tornBytes` = what follows the last good line. */
export function readFramed(buf: Buffer): { lines: (FramedLine | { unreadable: true; offset: number })[]; tornBytes: number } {
  const all: (FramedLine | { unreadable: true; offset: number })[] = [];
  let offset = 0;
  while (offset < buf.length) {
    const nl = buf.indexOf(0x0a, offset);
    if (nl === -1) break;
    const text = buf.toString('utf8', offset, nl);
    const space = text.indexOf(' ');
    let line: FramedLine | { unreadable: true; offset: number } = { unreadable: true, offset };
    if (space === 16) {
      const json = text.slice(17);
      try {
        const value: unknown = JSON.parse(json);
        line = { json, value, checksumOk: createHash('sha256').update(json).digest('hex').slice(0, 16) === text.slice(0, 16), offset };
      } catch {
        /* unreadable */
      }
    }
    all.push(line);
    offset = nl + 1;
  }
  // Everything after the last good line is a torn (never acknowledged) write.
  let last = all.length - 1;
  while (last >= 0 && ('unreadable' in all[last]! || !(all[last] as FramedLine).checksumOk)) last--;
  const lines = all.slice(0, last + 1);
  const kept = last >= 0 ? endOf(buf, all[last]!.offset) : 0;
  return { lines, tornBytes: buf.length - kept };
}

function endOf(buf: Buffer, offset: number): number {
  return buf.indexOf(0x0a, offset) + 1;
}

async function segments(dir: string): Promise<{ n: number; file: string }[]> {
  const names = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [] as string[];
    throw err;
  });
  return names
    .map((name) => SEGMENT.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ n: Number(m[1]), file: path.join(dir, m[0]) }))
    .sort((a, b) => a.n - b.n);
}

const exists = (p: string) => stat(p).then(() => true, () => false);

/** True when the folder holds data written by the file store. */
export async function hasFileStoreData(dataDir: string): Promise<boolean> {
  for (const name of [JOURNAL_DIR, DECISIONS_DIR, SNAPSHOT_FILE, LEGACY_JOURNAL_FILE]) if (await exists(path.join(dataDir, name))) return true;
  return false;
}

export type Warn = (message: string) => void;

/** Every commit of every journal segment, oldest first (segments are never deleted by the file store). */
export async function* readCommits(dataDir: string, warn: Warn): AsyncIterable<CommitLine> {
  const list = await segments(path.join(dataDir, JOURNAL_DIR));
  for (const [i, segment] of list.entries()) {
    if (segment.n !== i + 1) throw new Error(`journal segment ${i + 1} is missing (found ${path.basename(segment.file)}): the folder is incomplete`);
    const { lines, tornBytes } = readFramed(await readFile(segment.file));
    for (const line of lines) {
      if ('unreadable' in line) throw new Error(`journal ${segment.file} is corrupt at byte ${line.offset} (an unreadable record before valid ones)`);
      if (!line.checksumOk) warn(`journal ${segment.file}: record at byte ${line.offset} does not match its checksum (edited on disk?); imported as found, the audit chain check tells what changed`);
      yield line.value as CommitLine;
    }
    if (tornBytes > 0) warn(`journal ${segment.file}: ${tornBytes} bytes of torn data at the end (a write interrupted by a crash, never acknowledged) not imported`);
  }
}

/** Every logged decision's JSON text, oldest first. */
export async function* readDecisionLines(dataDir: string, warn: Warn): AsyncIterable<{ json: string; record: Record<string, unknown> }> {
  for (const segment of await segments(path.join(dataDir, DECISIONS_DIR))) {
    const { lines, tornBytes } = readFramed(await readFile(segment.file));
    for (const line of lines) {
      if ('unreadable' in line) {
        warn(`decision log ${segment.file}: skipping an unreadable record at byte ${line.offset}`);
        continue;
      }
      if (!line.checksumOk) warn(`decision log ${segment.file}: record at byte ${line.offset} does not match its checksum (edited on disk?)`);
      yield { json: line.json, record: line.value as Record<string, unknown> };
    }
    if (tornBytes > 0) warn(`decision log ${segment.file}: ${tornBytes} bytes of torn data at the end not imported`);
  }
}

export interface SnapshotSummary {
  commits: number;
  ids: Record<'policies' | 'drafts' | 'versions' | 'users' | 'keys' | 'webhooks', string[]>;
}

/** The snapshot's commit count and record ids, to cross-check the replay (null when there is none). */
export async function readSnapshot(dataDir: string): Promise<SnapshotSummary | null> {
  const file = path.join(dataDir, SNAPSHOT_FILE);
  if (!(await exists(file))) return null;
  const { lines, tornBytes } = readFramed(await readFile(file));
  const line = lines[0];
  if (lines.length !== 1 || tornBytes > 0 || !line || 'unreadable' in line) throw new Error(`snapshot ${file} is corrupt`);
  const s = line.value as Record<string, Record<string, unknown>[]> & { commits: number; format: number };
  if (s.format !== 2) throw new Error(`snapshot ${file} is from an older creditgraph (format ${s.format})`);
  return {
    commits: s.commits,
    ids: {
      policies: s.policies.map((r) => String(r.id)),
      drafts: s.drafts.map((r) => String(r.policyId)),
      versions: s.versions.map((r) => `${r.policyId}@${r.version}`),
      users: s.users.map((r) => String(r.id)),
      keys: s.keys.map((r) => String(r.id)),
      webhooks: s.webhooks.map((r) => String(r.id)),
    },
  };
}
