/** The audit trail and its hash-chain check. */
import { Type } from '@sinclair/typebox';
import { defineRoute } from '../http/route.js';
import { AuditEntry } from '../schemas.js';
import { auditPage } from '../domain/audit-trail.js';
import { readFilter, recordRead } from '../domain/read-access.js';
import { verifyAuditTrail as verifyChain } from '../domain/integrity.js';

const TAG = 'Audit';

const listAudit = defineRoute({
  method: 'get',
  path: '/audit',
  operationId: 'listAudit',
  summary: 'The audit trail (who, when, action, comment, version, hash), newest first, paginated',
  tag: TAG,
  access: 'audit:read',
  query: Type.Object(
    {
      policyId: Type.Optional(Type.String({ maxLength: 64 })),
      actor: Type.Optional(Type.String({ maxLength: 200, description: 'Only entries by this user id.' })),
      action: Type.Optional(Type.String({ maxLength: 64, description: 'Only this action (e.g. `version.published`, `draft.saved`).' })),
      from: Type.Optional(Type.String({ format: 'date-time', description: 'Inclusive.' })),
      to: Type.Optional(Type.String({ format: 'date-time', description: 'Exclusive.' })),
      cursor: Type.Optional(Type.String({ maxLength: 500 })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    },
    { additionalProperties: false },
  ),
  responses: {
    200: { description: 'One page.', schema: Type.Object({ items: Type.Array(Type.Ref(AuditEntry)), nextCursor: Type.Union([Type.String(), Type.Null()]) }) },
    400: { description: 'A cursor this server did not issue, or an unknown query parameter (named).' },
  },
  handler: async ({ query, services, caller }) => {
    const page = await auditPage(services, query);
    const seqs = page.items.map((e) => e.seq);
    await recordRead(services, caller.user.id, 'audit', { seqs: seqs.length ? [Math.min(...seqs), Math.max(...seqs)] : [], count: seqs.length, filter: readFilter(query) });
    return { body: page };
  },
});

const verifyAudit = defineRoute({
  method: 'get',
  path: '/audit/verify',
  operationId: 'verifyAudit',
  summary: 'Recompute the hash chain of the whole audit trail and report whether it is intact',
  tag: TAG,
  access: 'audit:read',
  query: Type.Object({}, { additionalProperties: false }),
  responses: {
    400: { description: 'An unknown query parameter (named).' },
    200: {
      description: 'The verdict (200 either way: a broken chain is a finding, not a failed request).',
      schema: Type.Object(
        {
          intact: Type.Boolean(),
          count: Type.Integer({ description: 'Entries checked.' }),
          firstBrokenSeq: Type.Union([Type.Integer(), Type.Null()]),
          problem: Type.Union([Type.String(), Type.Null()]),
        },
      ),
    },
  },
  handler: async ({ services }) => ({ body: await verifyChain(services) }),
});

export const auditRoutes = [listAudit, verifyAudit];
