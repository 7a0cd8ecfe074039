/** Pages read with a client's cursor: a cursor this server did not issue is the caller's mistake (400), not a missing resource. */
import { StoreError } from '../store/store.js';
import { DomainError } from './errors.js';

export async function pageWithCursor<T>(cursor: string | undefined, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (cursor !== undefined && err instanceof StoreError && err.code === 'NOT_FOUND')
      throw new DomainError('BAD_CURSOR', 'The cursor is not one this server issued: pass the nextCursor of the previous page unchanged, or omit it to start over.', {
        errors: [{ pointer: '/cursor', in: 'query', detail: 'unknown cursor' }],
      });
    throw err;
  }
}
