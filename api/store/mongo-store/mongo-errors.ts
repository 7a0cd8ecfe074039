/** Driver errors → StoreError: an unreachable or failing server is UNAVAILABLE (503), never a 500. */
import { MongoError, MongoServerError } from 'mongodb';
import { StoreError } from '../store.js';

/** The URI without credentials, safe for messages and logs. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}

export function toStoreError(err: unknown, uri: string): unknown {
  if (err instanceof StoreError) return err;
  if (err instanceof MongoError) {
    const network = /ServerSelection|Network|NotConnected|TopologyClosed|PoolCleared/.test(err.name);
    return new StoreError('UNAVAILABLE', network ? `cannot reach MongoDB at ${redactUri(uri)}: ${err.message}` : `MongoDB error: ${err.message}`);
  }
  return err;
}

/** Which unique index a duplicate-key error came from (by key field), or null if it is not one. */
export function duplicateKeyOn(err: unknown): string[] | null {
  if (!(err instanceof MongoServerError) || err.code !== 11000) return null;
  const pattern = (err.keyPattern ?? {}) as Record<string, unknown>;
  const fields = Object.keys(pattern);
  if (fields.length > 0) return fields;
  // Older servers give only the message: "… index: audit_seq_unique dup key …".
  const index = /index: (\S+)/.exec(err.message)?.[1] ?? '';
  return [index];
}
