/** Small pieces several route modules share: parameter schemas, ETags, record → payload shapes. */
import { Type } from '@sinclair/typebox';
import type { Request } from 'express';
import { StoreError, type ApiKeyRecord, type AuditContext, type DecisionRecord, type DraftRecord } from '../store/store.js';
import type { Caller } from '../auth/api-keys.js';
import { ApiError } from '../http/problems.js';
import { POLICY_ID_PATTERN } from '../schemas.js';
import { entityTag, strongIfMatch } from '../http/conditional.js';

export const PolicyParams = Type.Object({ policyId: Type.String({ pattern: POLICY_ID_PATTERN }) });
export const VersionParams = Type.Object({
  policyId: Type.String({ pattern: POLICY_ID_PATTERN }),
  version: Type.Integer({ minimum: 1, maximum: 1_000_000_000 }),
});

/** HTTP entity tags are quoted; the store's etag is the bare opaque value. */
export const etagHeader = entityTag;

/**
 * The revision an If-Match header names for the store's compare-and-set (strong comparison, see
 * http/conditional.ts), or null when absent. `*`, weak and malformed tags never match (→ 412).
 */
export const ifMatchOf = (req: Request): string | null => strongIfMatch(req);

export function requireIfMatch(req: Request): string {
  const tag = ifMatchOf(req);
  if (tag === null) throw new ApiError('PRECONDITION_REQUIRED', 'Send the draft\'s ETag in If-Match (GET the draft to read it), so concurrent edits are not lost.');
  return tag;
}

export const auditOf = (caller: Caller, comment?: string | null, details?: Record<string, unknown>): AuditContext => ({
  actor: caller.user.id,
  ...(comment ? { comment } : {}),
  ...(details ? { details } : {}),
});

export const draftSummary = (d: DraftRecord | null) =>
  d ? { status: d.status, etag: entityTag(d.etag), updatedAt: d.updatedAt, updatedBy: d.updatedBy, baseVersion: d.baseVersion } : null;

/** A draft as the API shows it: its `etag` in the same quoted form as the ETag header. */
export const draftView = <D extends DraftRecord>(d: D): D => ({ ...d, etag: entityTag(d.etag) });

export const keyInfo = (k: ApiKeyRecord) => ({
  id: k.id,
  userId: k.userId,
  prefix: k.prefix,
  createdAt: k.createdAt,
  revokedAt: k.revokedAt,
  expiresAt: k.expiresAt ?? null,
  lastUsedAt: k.lastUsedAt ?? null,
});

/** The decision API's answer for a logged decision (also what an idempotent replay returns). */
export const decisionResponse = (r: DecisionRecord) => ({
  decisionId: r.decisionId,
  policyId: r.policyId,
  version: r.version,
  contentHash: r.contentHash,
  evaluatedAt: r.evaluatedAt,
  requestId: r.requestId,
  customerId: r.customerId,
  ...r.decision,
});

/** A decision-log entry as auditors see it (the request hash is an internal detail). */
export const logEntry = (r: DecisionRecord) => {
  const { requestHash: _hidden, ...rest } = r;
  return rest;
};

export const comment = (c: string) => c.trim();

/** A page read with a client's cursor: one the store did not issue is a bad request (400), not a missing resource. */
export async function pageWithCursor<T>(cursor: string | undefined, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (cursor !== undefined && err instanceof StoreError && err.code === 'NOT_FOUND')
      throw new ApiError('BAD_REQUEST', 'The cursor is not one this server issued: pass the nextCursor of the previous page unchanged, or omit it to start over.', {
        errors: [{ pointer: '/cursor', in: 'query', detail: 'unknown cursor' }],
      });
    throw err;
  }
}
