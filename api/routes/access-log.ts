/** The access log: who read which decisions, audit entries and exports, and when (admin, auditor). */
import { Type } from '@sinclair/typebox';
import { defineRoute } from '../http/route.js';
import { READ_KINDS, accessLog, readFilter, recordRead } from '../domain/read-access.js';

const listAccess = defineRoute({
  method: 'get',
  path: '/access-log',
  operationId: 'listAccessLog',
  summary: 'Who read which decisions, audit entries and exports, and when, newest first (`access.read` entries of the audit chain)',
  tag: 'Audit',
  access: 'access:read',
  query: Type.Object(
    {
      actor: Type.Optional(Type.String({ maxLength: 200, description: 'Only reads by this user id.' })),
      what: Type.Optional(Type.Union(READ_KINDS.map((k) => Type.Literal(k)), { description: 'Only this kind of read.' })),
      from: Type.Optional(Type.String({ format: 'date-time', description: 'Inclusive.' })),
      to: Type.Optional(Type.String({ format: 'date-time', description: 'Exclusive.' })),
      cursor: Type.Optional(Type.String({ maxLength: 500 })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    },
    { additionalProperties: false },
  ),
  responses: {
    200: {
      description: 'One page. `details` names the records read: decisionIds, audit seqs [first, last], policyId/version, the filter (a customer filter only as `byCustomer`).',
      schema: Type.Object({
        items: Type.Array(
          Type.Object({
            seq: Type.Integer({ description: 'Its audit entry.' }),
            at: Type.String({ format: 'date-time' }),
            reader: Type.String(),
            what: Type.String({ description: 'decisions · decision · decision.replay · audit · access-log · version.history · export.audit · export.decisions · export.version' }),
            details: Type.Record(Type.String(), Type.Unknown()),
          }),
        ),
        nextCursor: Type.Union([Type.String(), Type.Null()]),
      }),
    },
    400: { description: 'A cursor this server did not issue, or an unknown query parameter (named).' },
  },
  handler: async ({ query, services, caller }) => {
    const page = await accessLog(services, query);
    await recordRead(services, caller.user.id, 'access-log', { count: page.items.length, filter: readFilter(query) });
    return { body: page };
  },
});

export const accessLogRoutes = [listAccess];
