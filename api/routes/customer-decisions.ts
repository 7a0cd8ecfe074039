/**
 * A customer's own decision history, for the people who decide on that customer (issue 24):
 * credit managers (approvers) need the decisions behind a file to decide an escalation or a
 * review, without the whole decision log (auditors'). Permission `customers:history` (auditor,
 * approver — not the ERP's system key, which keeps what it was answered). Each read is recorded in
 * the access log like the log's own reads (`what: decisions`, `scope: customer`, the decision ids,
 * never the customer id). Rules: docs/customers.md (Decision history).
 */
import { Type } from '@sinclair/typebox';
import { defineRoute } from '../http/route.js';
import { decisionLog } from '../domain/decide.js';
import { readCustomer } from '../domain/customers.js';
import { recordRead } from '../domain/read-access.js';
import { DecisionLogEntry } from '../schemas.js';
import { CustomerParams } from './customers.js';

const history = defineRoute({
  method: 'get',
  path: '/customers/:customerId/decisions',
  operationId: 'listCustomerDecisions',
  summary: "A customer's decisions, newest first (its credit file must exist): the history a credit manager decides with",
  tag: 'Customers',
  access: 'customers:history',
  params: CustomerParams,
  query: Type.Object(
    {
      policyId: Type.Optional(Type.String({ maxLength: 64 })),
      cursor: Type.Optional(Type.String({ maxLength: 500, description: 'nextCursor of the previous page.' })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    },
    { additionalProperties: false },
  ),
  responses: {
    200: { description: 'One page of the customer\'s decisions (the decision log\'s entries).', schema: Type.Object({ items: Type.Array(Type.Ref(DecisionLogEntry)), nextCursor: Type.Union([Type.String(), Type.Null()]) }) },
    400: { description: 'A cursor this server did not issue, or an unknown query parameter (named).' },
    404: { description: 'No credit file for this customer.' },
  },
  handler: async ({ params, query, services, caller }) => {
    await readCustomer(services, params.customerId); // scoped to the files people work on: 404 otherwise
    const page = await decisionLog(services, { customerId: params.customerId, policyId: query.policyId, cursor: query.cursor, limit: query.limit ?? 50 });
    const filter = { byCustomer: true, scope: 'customer', ...(query.policyId ? { policyId: query.policyId } : {}) };
    await recordRead(services, caller.user.id, 'decisions', { decisionIds: page.items.map((d) => d.decisionId), count: page.items.length, filter });
    return { body: page };
  },
});

export const customerDecisionRoutes = [history];
