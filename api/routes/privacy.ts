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
      schema: Type.Object({ erasedAt: Type.String({ format: 'date-time' }), decisions: Type.Integer(), approvals: Type.Integer(), alerts: Type.Integer(), outcomes: Type.Optional(Type.Integer({ description: 'Outcome reports that lost the customer id.' })), customerFiles: Type.Optional(Type.Integer({ description: 'The customer credit file removed (0 or 1), with its open items and exposure.' })), campaignLines: Type.Optional(Type.Integer({ description: 'Lines of review-campaign reports that lost the customer id (the lines stay, naming no one).' })) }),
    },
    503: { description: 'The store cannot erase personal data.' },
  },
  handler: async ({ body, caller, services }) => ({ body: await eraseCustomer(services, caller.user.id, body) }),
});

const retention = defineRoute({
  method: 'post',
  path: '/retention/run',
  operationId: 'applyRetention',
  summary: 'Anonymise now what is past its retention period (CREDITGRAPH_RETENTION_DAYS: decisions, approvals, alerts); the server also does it daily',
  tag: 'Privacy',
  access: 'privacy:erase',
  query: Type.Object({}, { additionalProperties: false }),
  responses: {
    200: {
      description: 'How many records of each kind were anonymised (decisions) or lost their customer id (finished approval requests, resolved alerts), and each kind\'s cutoff.',
      schema: Type.Object({
        decisions: Type.Integer(),
        approvals: Type.Integer(),
        alerts: Type.Integer(),
        campaignLines: Type.Integer({ description: 'Lines of review-campaign reports that lost their customer id: runs finished before the decisions\' cutoff (campaign reports follow the decisions\' period).' }),
        decisionsDeleted: Type.Integer({ description: 'Decisions deleted from the log (decisionLog period): a lawful pruning, recorded as `decisions.pruned`.' }),
        before: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'The decisions\' cutoff (kept for older clients: see cutoffs).' }),
        cutoffs: Type.Object(
          {
            decisions: Type.Optional(Type.String({ format: 'date-time' })),
            approvals: Type.Optional(Type.String({ format: 'date-time' })),
            alerts: Type.Optional(Type.String({ format: 'date-time' })),
            decisionLog: Type.Optional(Type.String({ format: 'date-time' })),
          },
          { additionalProperties: false, description: 'Per kind with a retention period: records whose story ended before this instant were anonymised.' },
        ),
      }),
    },
    400: { description: 'An unknown query parameter (named).' },
    409: { description: "The decision log's chain does not verify: nothing is pruned (the evidence is kept)." },
    503: { description: 'The store cannot erase.' },
  },
  handler: async ({ caller, services }) => ({ body: await applyRetention(services, caller.user.id, services.retention) }),
});

export const privacyRoutes = [erase, retention];
