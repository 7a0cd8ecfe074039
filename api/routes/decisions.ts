/** Decisions: decide (single, batch), the decision log, replay. */
import { Type } from '@sinclair/typebox';
import { defineRoute } from '../http/route.js';
import { toProblem } from '../http/problems.js';
import { decide, decideBatch, decisionLog, loggedDecision, replayDecision, requestLanguage } from '../domain/decide.js';
import { logEntry } from '../domain/decision-views.js';
import { readFilter, recordRead } from '../domain/read-access.js';
import { DecisionLogEntry, DecisionRef, DecisionRequest as DecisionRequestSchema, DecisionResponse, ProblemDetails as ProblemSchema } from '../schemas.js';
import { PolicyParams } from './common.js';

const TAG = 'Decisions';

const ExplainQuery = Type.Object({ explain: Type.Optional(Type.Boolean({ default: false, description: 'Add the per-node trace.' })) });

const decideRoute = defineRoute({
  method: 'post',
  path: '/policies/:policyId/decisions',
  operationId: 'decide',
  summary: 'Decide: evaluate the facts with the active (or a pinned) version and log the decision',
  tag: TAG,
  access: 'decisions:create',
  params: PolicyParams,
  query: ExplainQuery,
  body: DecisionRequestSchema,
  responses: {
    201: { description: 'A new, logged decision.', schema: Type.Ref(DecisionResponse), headers: { Location: 'The decision-log entry.' } },
    200: { description: 'The stored decision for a repeated requestId.', schema: Type.Ref(DecisionResponse), headers: { 'Idempotent-Replayed': 'true' } },
    409: { description: 'The requestId was used with another body, or the policy has no active version.' },
    422: { description: 'The facts do not match the policy\'s inputs (one error per field).' },
  },
  handler: async ({ params, query, body, caller, services, req }) => {
    const result = await decide(services, caller, params.policyId, body, query.explain === true, requestLanguage(req.get('accept-language')));
    return {
      status: result.status,
      headers: (result.replayed ? { 'Idempotent-Replayed': 'true' } : { Location: `/api/v1/decisions/${result.body.decisionId}` }) as Record<string, string>,
      body: result.body,
    };
  },
});

const BatchItemResult = Type.Object({
  index: Type.Integer(),
  status: Type.Integer({ description: 'The status this item would have had on its own.' }),
  decision: Type.Optional(Type.Ref(DecisionResponse)),
  error: Type.Optional(Type.Ref(ProblemSchema)),
});

const batchRoute = defineRoute({
  method: 'post',
  path: '/policies/:policyId/decisions/batch',
  operationId: 'decideBatch',
  summary: 'Decide up to 1,000 requests at once, each logged, with per-item results and errors',
  tag: TAG,
  access: 'decisions:create',
  params: PolicyParams,
  query: ExplainQuery,
  body: Type.Object({ items: Type.Array(DecisionRequestSchema, { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false }),
  responses: {
    200: {
      description: 'One result per item, in order.',
      schema: Type.Object({ items: Type.Array(BatchItemResult), succeeded: Type.Integer(), failed: Type.Integer() }),
    },
  },
  handler: async ({ params, query, body, caller, services, req }) => ({
    body: await decideBatch(
      services,
      caller,
      params.policyId,
      body.items,
      query.explain === true,
      (err, index) => {
        const { problem, unexpected } = toProblem(err);
        if (unexpected) services.logger.error({ err, index }, 'batch item failed');
        return problem;
      },
      requestLanguage(req.get('accept-language')),
    ),
  }),
});

const listDecisions = defineRoute({
  method: 'get',
  path: '/decisions',
  operationId: 'listDecisions',
  summary: 'The decision log, newest first, filtered and paginated',
  tag: TAG,
  access: 'decisions:read',
  query: Type.Object({
    policyId: Type.Optional(Type.String({ maxLength: 64 })),
    customerId: Type.Optional(Type.String({ maxLength: 200 })),
    outcome: Type.Optional(Type.Union([Type.Literal('accept'), Type.Literal('refuse'), Type.Literal('escalate')])),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Inclusive.' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Exclusive.' })),
    cursor: Type.Optional(Type.String({ maxLength: 500, description: 'nextCursor of the previous page.' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  }, { additionalProperties: false }),
  responses: {
    200: {
      description: 'One page.',
      schema: Type.Object({ items: Type.Array(Type.Ref(DecisionLogEntry)), nextCursor: Type.Union([Type.String(), Type.Null()]) }),
    },
    400: { description: 'A cursor this server did not issue, or an unknown query parameter (named).' },
  },
  handler: async ({ query, services, caller }) => {
    const page = await decisionLog(services, query);
    await recordRead(services, caller.user.id, 'decisions', { decisionIds: page.items.map((d) => d.decisionId), count: page.items.length, filter: readFilter(query) });
    return { body: page };
  },
});

const DecisionParams = Type.Object({ decisionId: Type.String({ pattern: '^[A-Za-z0-9_-]{1,100}$' }) });

const getDecision = defineRoute({
  method: 'get',
  path: '/decisions/:decisionId',
  operationId: 'getDecision',
  summary: 'One logged decision: input, output, version, hash, caller',
  tag: TAG,
  access: 'decisions:read',
  params: DecisionParams,
  responses: { 200: { description: 'The log entry.', schema: Type.Ref(DecisionLogEntry) }, 404: { description: 'No such decision.' } },
  handler: async ({ params, services, caller }) => {
    const { record, seal } = await loggedDecision(services, params.decisionId);
    const entry = logEntry(record, seal);
    await recordRead(services, caller.user.id, 'decision', { decisionIds: [entry.decisionId], policyId: entry.policyId });
    return { body: entry };
  },
});

const replayRoute = defineRoute({
  method: 'post',
  path: '/decisions/:decisionId/replay',
  operationId: 'replayDecision',
  summary: 'Re-evaluate a logged decision\'s input with a version (default: the active one), beside the original; not logged',
  tag: TAG,
  access: 'decisions:read',
  params: DecisionParams,
  body: Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })), trace: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
  bodyRequired: false,
  responses: {
    200: {
      description: 'The original and the replayed decision, and the fields that differ.',
      schema: Type.Object({
        decisionId: Type.String(),
        original: Type.Object({ version: Type.Integer(), contentHash: Type.String(), decision: DecisionRef }),
        replay: Type.Object({ version: Type.Integer(), contentHash: Type.String(), decision: DecisionRef }),
        same: Type.Boolean({ description: 'True when every compared field is equal.' }),
        differences: Type.Array(Type.Object({ field: Type.String(), original: Type.Unknown(), replay: Type.Unknown() })),
      }),
    },
    404: { description: 'No such decision or version.' },
    422: { description: 'The logged facts do not match the inputs of the version asked for.' },
  },
  handler: async ({ params, body, services, caller }) => {
    const replay = await replayDecision(services, params.decisionId, { version: body?.version ?? null, trace: body?.trace === true });
    await recordRead(services, caller.user.id, 'decision.replay', { decisionIds: [replay.decisionId], version: replay.replay.version });
    return { body: replay };
  },
});

export const decisionRoutes = [decideRoute, batchRoute, listDecisions, getDecision, replayRoute];
