/**
 * Limits and opaque cursors shared by both stores, so a page means the same thing everywhere.
 * Decisions are ordered newest first by (evaluatedAt, decisionId); audit entries by seq descending.
 */
import { StoreError } from './store.js';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIMIT;
  if (!Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit)));
}

export interface DecisionPosition {
  at: string;
  id: string;
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decode(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

// The store's error vocabulary has no "bad request"; a cursor we did not issue points nowhere.
function badCursor(): StoreError {
  return new StoreError('NOT_FOUND', 'invalid or expired cursor');
}

export function encodeDecisionCursor(pos: DecisionPosition): string {
  return encode([pos.at, pos.id]);
}

export function decodeDecisionCursor(cursor: string): DecisionPosition {
  const value = decode(cursor);
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string' || typeof value[1] !== 'string') throw badCursor();
  return { at: value[0], id: value[1] };
}

export function encodeAuditCursor(seq: number): string {
  return encode({ seq });
}

export function decodeAuditCursor(cursor: string): number {
  const value = decode(cursor) as { seq?: unknown } | undefined;
  if (!value || typeof value.seq !== 'number' || !Number.isInteger(value.seq)) throw badCursor();
  return value.seq;
}

/** Newest-first order of decisions: later evaluatedAt first, then larger decisionId. */
export function compareNewestFirst(a: DecisionPosition, b: DecisionPosition): number {
  if (a.at !== b.at) return a.at < b.at ? 1 : -1;
  if (a.id !== b.id) return a.id < b.id ? 1 : -1;
  return 0;
}
