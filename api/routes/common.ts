/** Small pieces several route modules share: parameter schemas, ETags, record → payload shapes. */
import { Type } from '@sinclair/typebox';
import type { Request } from 'express';
import type { AuditContext, DraftRecord } from '../store/store.js';
import type { Caller } from '../auth/api-keys.js';
import type { Actor } from '../domain/context.js';
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

/** The person a use case acts for. */
export const actorOf = (caller: Caller): Actor => ({ id: caller.user.id });

export const auditOf = (caller: Caller, comment?: string | null, details?: Record<string, unknown>): AuditContext => ({
  actor: caller.user.id,
  ...(comment ? { comment } : {}),
  ...(details ? { details } : {}),
});

export { draftSummary } from '../domain/policies.js';

export { keyInfo } from '../domain/users-keys.js';

/** A draft as the API shows it: its `etag` in the same quoted form as the ETag header. */
export const draftView = <D extends DraftRecord>(d: D): D => ({ ...d, etag: entityTag(d.etag) });

export { decisionResponse, logEntry } from '../domain/decision-views.js';

export const comment = (c: string) => c.trim();

