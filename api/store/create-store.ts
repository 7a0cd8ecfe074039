/**
 * Picks the store from the environment: MongoDB when MONGODB_URI is set, else the embedded SQLite
 * store in DATA_DIR (default ./data) — or the older file store there with STORE=file. The caller
 * still runs `init()`, which is where an unreachable server or an unusable data folder is reported
 * (StoreError UNAVAILABLE).
 */
import path from 'node:path';
import { FileStore } from './file-store/file-store.js';
import { SqliteStore } from './sqlite-store/sqlite-store.js';
import type { CreditgraphStore } from './store.js';

export const DEFAULT_DB_NAME = 'creditgraph';

/** The database named in the URI's path (mongodb://host/NAME?…), if any. */
export function databaseFromUri(uri: string): string | null {
  const match = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(uri);
  return match ? decodeURIComponent(match[1]) : null;
}

/** `auditKey`: the server's audit key (api/integrity/server-keys.ts); entries appended carry its MAC. */
export async function createStore(env: Record<string, string | undefined> = process.env, options: { auditKey?: Buffer | null } = {}): Promise<CreditgraphStore> {
  const uri = env.MONGODB_URI?.trim();
  if (uri) {
    // Loaded only when used: the driver costs ~0.2 s of start-up the file store never needs.
    const { MongoStore } = await import('./mongo-store/mongo-store.js');
    const timeout = Number(env.MONGODB_TIMEOUT_MS);
    return new MongoStore({
      uri,
      dbName: env.MONGODB_DB || databaseFromUri(uri) || DEFAULT_DB_NAME,
      serverSelectionTimeoutMS: Number.isFinite(timeout) && timeout > 0 ? timeout : 2000,
      auditKey: options.auditKey ?? null,
    });
  }
  const dataDir = path.resolve(env.DATA_DIR || './data');
  const kind = embeddedStoreKind(env);
  if (kind === 'file') return new FileStore({ dataDir });
  return new SqliteStore({ dataDir, auditKey: options.auditKey ?? null });
}

/** STORE=sqlite (default) or STORE=file: which embedded store serves DATA_DIR. */
export function embeddedStoreKind(env: Record<string, string | undefined>): 'sqlite' | 'file' {
  const value = env.STORE?.trim().toLowerCase() || 'sqlite';
  if (value !== 'sqlite' && value !== 'file') throw new Error(`STORE must be sqlite or file (got ${env.STORE})`);
  return value;
}
