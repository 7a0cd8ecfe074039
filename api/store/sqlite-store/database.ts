/**
 * One connection to the SQLite database of a data folder, set up for durable, shared use:
 *
 * - WAL journal + synchronous=FULL: a commit returns only after its WAL frames are fsynced, so an
 *   acknowledged write survives a process kill AND a power loss (the WAL is replayed on open).
 * - busy_timeout: several processes (WORKERS=n) share the file; SQLite lets one write at a time
 *   and the others wait for the lock instead of failing.
 * - Files 0600 in a 0700 folder: the database holds key hashes and webhook secrets.
 *
 * Every write goes through `write()` (BEGIN IMMEDIATE … COMMIT): the write lock is taken up front,
 * so a read-then-write inside it is a true compare-and-set across processes too. Disk errors
 * (full, read-only, I/O) become StoreError('UNAVAILABLE'); the transaction is rolled back, so
 * nothing is half-written and reads keep working.
 */
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from '../store.js';
import { migrate } from './schema.js';

export type Db = Database.Database;

export const DATABASE_FILE = 'creditgraph.sqlite';

/** Test hook: throw from it (e.g. an Error with code 'ENOSPC') to simulate a disk fault inside a write. */
export type WriteFault = (what: string) => void;

export interface OpenOptions {
  dataDir: string;
  busyTimeoutMs?: number;
  /** Tests only: called with the text of every SQL statement this connection runs. */
  trace?: (sql: string) => void;
}

/** SQLite result codes (and OS codes from the file system) that mean "the disk cannot take this now". */
const DISK_CODES = /^(SQLITE_(FULL|IOERR|READONLY|CANTOPEN|BUSY|LOCKED|CORRUPT|NOTADB|PERM|PROTOCOL)|E(NOSPC|ROFS|ACCES|IO|PERM|DQUOT|NOENT))/;

export function unavailable(what: string, err: unknown): unknown {
  if (err instanceof StoreError) return err;
  const e = err as { code?: string; message?: string };
  if (typeof e?.code === 'string' && DISK_CODES.test(e.code)) return new StoreError('UNAVAILABLE', `${what} failed: ${e.code} ${e.message ?? ''}`.trim());
  return err; // a programming error stays one (a 500 with a log line, not a silent 503)
}

export function openDatabase(options: OpenOptions): Db {
  const dir = options.dataDir;
  const file = path.join(dir, DATABASE_FILE);
  let db: Db | null = null;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    // Created by us with 0600: SQLite gives its -wal and -shm files the database file's mode.
    closeSync(openSync(file, 'a', 0o600));
    chmodSync(file, 0o600);
    db = new Database(file, options.trace ? { verbose: (sql) => options.trace!(String(sql)) } : {});
    configure(db, options.busyTimeoutMs ?? 5000);
    migrate(db);
    return db;
  } catch (err) {
    db?.close();
    const e = err as { code?: string; message?: string };
    throw new StoreError('UNAVAILABLE', `opening ${file} failed: ${e?.code ?? 'ERROR'} ${e?.message ?? String(err)}`);
  }
}

/** The settings every connection gets (decision-commit-worker.mjs repeats them for its own). */
export function configure(db: Db, busyTimeoutMs: number): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
}

/** Runs `fn` in one write transaction (all or nothing); disk errors → StoreError('UNAVAILABLE'). */
export function write<T>(db: Db, what: string, fn: () => T, fault?: WriteFault): T {
  try {
    return db
      .transaction(() => {
        const result = fn();
        fault?.(what); // after the statements: a fault must roll them back
        return result;
      })
      .immediate();
  } catch (err) {
    throw unavailable(what, err);
  }
}

/** A read; a disk error while reading is UNAVAILABLE too. */
export function read<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw unavailable(what, err);
  }
}
