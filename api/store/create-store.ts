/**
 * Picks the store from the environment: MongoDB when MONGODB_URI is set, else the embedded SQLite
 * store in DATA_DIR (default ./data). The caller still runs `init()`, which is where an
 * unreachable server or an unusable data folder is reported (StoreError UNAVAILABLE).
 */
import path from 'node:path';
import { SqliteStore } from './sqlite-store/sqlite-store.js';
import type { CreditgraphStore } from './store.js';

export const DEFAULT_DB_NAME = 'creditgraph';

/** The values STORE may take (the hand-made file store, STORE=file, was removed: its folders are imported). */
export const EMBEDDED_STORES = ['sqlite'] as const;

/** The database named in the URI's path (mongodb://host/NAME?…), if any. */
export function databaseFromUri(uri: string): string | null {
  const match = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(uri);
  return match ? decodeURIComponent(match[1]) : null;
}

/** `auditKey`: the server's audit key (api/integrity/server-keys.ts); entries appended carry its MAC. */
export async function createStore(env: Record<string, string | undefined> = process.env, options: { auditKey?: Buffer | null } = {}): Promise<CreditgraphStore> {
  embeddedStoreKind(env); // an unknown STORE is refused whatever else is set
  const uri = env.MONGODB_URI?.trim();
  if (uri) {
    // Loaded only when used: the driver costs ~0.2 s of start-up the embedded store never needs.
    const { MongoStore } = await import('./mongo-store/mongo-store.js');
    const positive = (value: string | undefined) => (Number.isFinite(Number(value)) && Number(value) > 0 ? Number(value) : undefined);
    return new MongoStore({
      uri,
      dbName: env.MONGODB_DB || databaseFromUri(uri) || DEFAULT_DB_NAME,
      serverSelectionTimeoutMS: positive(env.MONGODB_TIMEOUT_MS) ?? 2000, // at start only
      allowStandalone: env.MONGODB_ALLOW_STANDALONE === '1',
      maxPoolSize: positive(env.MONGODB_MAX_POOL_SIZE),
      operationTimeoutMS: positive(env.MONGODB_OPERATION_TIMEOUT_MS),
      auditKey: options.auditKey ?? null,
    });
  }
  return new SqliteStore({ dataDir: path.resolve(env.DATA_DIR || './data'), auditKey: options.auditKey ?? null });
}

/** STORE: unset or `sqlite`. Anything else (`file` included) is refused with the allowed values. */
export function embeddedStoreKind(env: Record<string, string | undefined>): 'sqlite' {
  const value = env.STORE?.trim().toLowerCase() || 'sqlite';
  if (value === 'file')
    throw new Error(
      `STORE=file is no longer supported: the hand-made file store was removed. Allowed values of STORE: ${EMBEDDED_STORES.join(', ')} (the default; ` +
        'a data folder written by the file store is imported into SQLite on the first start), or set MONGODB_URI for MongoDB.',
    );
  if (value !== 'sqlite') throw new Error(`STORE must be one of: ${EMBEDDED_STORES.join(', ')} (got ${env.STORE}); set MONGODB_URI for MongoDB.`);
  return value;
}
