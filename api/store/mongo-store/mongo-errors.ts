/** Driver errors → StoreError: an unreachable or failing server is UNAVAILABLE (503), never a 500. */
import { MongoError, MongoServerError } from 'mongodb';
import { StoreError } from '../store.js';

/** The URI without credentials, safe for messages and logs. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}

/**
 * Server error codes that pass: elections, step-downs, shutdowns, time limits, write-concern waits.
 * Anything else from the server (not authorised, a bad query, a full disk quota…) is permanent.
 */
const TRANSIENT_CODES = new Set([6, 7, 50, 64, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436, 112, 251]);

/**
 * Driver errors → StoreError('UNAVAILABLE') (503, retry later) when waiting can help: the server
 * cannot be reached, a primary is being elected, an operation ran out of time, the driver labels
 * it retryable. A permanent error ("not authorized", a bad query) stays an error: a 500 with a log
 * line, so an operator sees it instead of clients retrying forever.
 */
export function toStoreError(err: unknown, uri: string): unknown {
  if (err instanceof StoreError) return err;
  if (err instanceof MongoError) {
    const network = /ServerSelection|Network|NotConnected|TopologyClosed|PoolCleared|OperationTimeout/.test(err.name);
    if (network) return new StoreError('UNAVAILABLE', `cannot reach MongoDB at ${redactUri(uri)}: ${err.message}`);
    const code = typeof err.code === 'number' ? err.code : null;
    const transient =
      (code !== null && TRANSIENT_CODES.has(code)) || err.hasErrorLabel('TransientTransactionError') || err.hasErrorLabel('RetryableWriteError') || err.hasErrorLabel('ResetPool');
    if (transient) return new StoreError('UNAVAILABLE', `MongoDB is unavailable for now: ${err.message}`);
    return err; // permanent: 500
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
