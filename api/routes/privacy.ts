/** Erasure of one customer's personal data on request, and the retention sweep on demand (admin). */
import { Type } from '@sinclair/typebox';
import { defineRoute } from '../http/route.js';
import { applyRetention, eraseCustomer } from '../domain/erasure.js';

const erase = defineRoute({
  method: 'post',
  path: '/erasures',
  operationId: 'eraseCustomer',
  summary: "Erase one customer's personal data: its decisions anonymised (the seals still verify), its id removed from approval requests, alerts and deliveries, its salt destroyed",
  tag: 'Privacy',
  access: 'privacy:erase',
  // The customer id travels in the body, never in a URL (URLs end up in logs and proxies).
  body: Type.Object(
    {
      customerId: Type.String({ minLength: 1, maxLength: 200 }),
      comment: Type.String({ minLength: 1, maxLength: 2000, description: 'Why (the request reference): in the audit trail, which never holds the customer id.' }),
    },
    { additionalProperties: false },
  ),
  responses: {
    200: {
      description: 'What was erased (zero everywhere when the store knew nothing of the customer).',
      schema: Type.Object({ erasedAt: Type.String({ format: 'date-time' }), decisions: Type.Integer(), approvals: Type.Integer(), alerts: Type.Integer(), outcomes: Type.Optional(Type.Integer({ description: 'Outcome reports that lost the customer id.' })) }),
    },
    503: { description: 'The store cannot erase (MongoDB: not yet).' },
  },
  handler: async ({ body, caller, services }) => ({ body: await eraseCustomer(services, caller.user.id, body) }),
});

const retention = defineRoute({
  method: 'post',
  path: '/retention/run',
  operationId: 'applyRetention',
  summary: 'Anonymise now what is past its retention period (CREDITGRAPH_RETENTION_DAYS); the server also does it daily',
  tag: 'Privacy',
  access: 'privacy:erase',
  query: Type.Object({}, { additionalProperties: false }),
  responses: {
    200: { description: 'How many records were anonymised.', schema: Type.Object({ decisions: Type.Integer(), before: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]) }) },
    400: { description: 'An unknown query parameter (named).' },
    503: { description: 'The store cannot erase.' },
  },
  handler: async ({ caller, services }) => ({ body: await applyRetention(services, caller.user.id, services.retention) }),
});

export const privacyRoutes = [erase, retention];
