/** Cursors of the customer list (ordered by customerId): the same opaque form in both stores. */
import { StoreError } from './store.js';

export const encodeCustomerCursor = (customerId: string) => Buffer.from(JSON.stringify({ after: customerId })).toString('base64url');

export function decodeCustomerCursor(cursor: string): string {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    if (value && typeof value.after === 'string') return value.after;
  } catch {
    // fall through
  }
  throw new StoreError('NOT_FOUND', 'invalid or expired cursor');
}

/** The lower-cased name the name-prefix filter compares with. */
export const nameKey = (name: string) => name.toLocaleLowerCase('en').normalize('NFC');
