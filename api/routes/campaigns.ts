/**
 * Review campaigns over HTTP (api/domain/review-campaigns.ts): the runs and their reports, and a
 * run started by hand. Shapes and rules: docs/customers.md (Review campaigns).
 */
import { Type } from '@sinclair/typebox';
import { defineRoute } from '../http/route.js';
import { listCampaigns, manualCampaign, readCampaign } from '../domain/review-campaigns.js';
import { Campaign, CampaignSummary } from './campaign-schemas.js';

const TAG = 'Customers';

const list = defineRoute({
  method: 'get',
  path: '/campaigns',
  operationId: 'listCampaigns',
  summary: 'Review campaigns, newest first (scheduled, manual, and one-customer re-decisions after a fact changed)',
  tag: TAG,
  access: 'customers:read',
  query: Type.Object({ cursor: Type.Optional(Type.String({ maxLength: 500 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })) }, { additionalProperties: false }),
  responses: { 200: { description: 'A page of runs (their reports: GET /campaigns/{id}).', schema: Type.Object({ items: Type.Array(CampaignSummary), nextCursor: Type.Union([Type.String(), Type.Null()]) }) } },
  handler: async ({ query, services }) => ({ body: await listCampaigns(services, { cursor: query.cursor, limit: query.limit }) }),
});

const get = defineRoute({
  method: 'get',
  path: '/campaigns/:campaignId',
  operationId: 'getCampaign',
  summary: 'One campaign and its report: each customer due, its outcome, old and new class, limit and review date',
  tag: TAG,
  access: 'customers:read',
  params: Type.Object({ campaignId: Type.String({ pattern: '^[A-Za-z0-9_-]{1,100}$' }) }),
  responses: { 200: { description: 'The run.', schema: Campaign }, 404: { description: 'No such campaign.' } },
  handler: async ({ params, services }) => ({ body: await readCampaign(services, params.campaignId) }),
});

const start = defineRoute({
  method: 'post',
  path: '/campaigns',
  operationId: 'startCampaign',
  summary: 'Run a review campaign now: re-decide every customer whose limit is due for review',
  description:
    'Each customer is re-decided with the active version of the policy that granted its limit (or `policyId`, when given) on its stored facts; accept and refuse are applied to the file\'s limit, an escalation opens an approval request. Answers when the run is done, with its report. 409 while another run is under way.',
  tag: TAG,
  access: 'approvals:decide',
  body: Type.Object({ policyId: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Re-decide with this policy instead of each limit\'s.' })) }, { additionalProperties: false }),
  responses: {
    201: { description: 'The run, done, with its report.', schema: Campaign, headers: { Location: 'The run.' } },
    404: { description: 'No such policy.' },
    409: { description: 'Another run is under way, or the policy has no active version.' },
  },
  handler: async ({ body, caller, services }) => {
    const run = await manualCampaign(services, caller, { policyId: body.policyId ?? null });
    return { status: 201, headers: { Location: `/api/v1/campaigns/${run.campaignId}` }, body: run };
  },
});

export const campaignRoutes = [list, get, start];
