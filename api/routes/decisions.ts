/** Decisions: decide (single, batch), the decision log, replay. */
import { Type } from '@sinclair/typebox';
import { defineRoute } from '../http/route.js';
import { ApiError, toProblem, type ProblemDetails } from '../http/problems.js';
import { decide, type DecisionRequest } from '../decide.js';
import { checkFactsOrThrow, evaluate } from '../policy-engine.js';
import { DecisionLogEntry, DecisionRef, DecisionResponse, Facts, ProblemDetails as ProblemSchema } from '../schemas.js';
import { logEntry, pageWithCursor, PolicyParams } from './common.js';

const TAG = 'Decisions';

const DecisionRequestSchema = Type.Object(
  {
    facts: Facts,
    version: Type.Optional(Type.Integer({ minimum: 1, description: 'Pin a published version; default: the active one.' })),
    requestId: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7E]+$', description: 'Idempotency key: the same id with the same body returns the stored decision; with another body, 409.' }),
    ),
    customerId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    exposure: Type.Optional(
      Type.Number({ minimum: 0, description: 'What the customer owes now (open invoices + open orders): above the granted limit, or above a cut limit, raises an alert.' }),
    ),
  },
  { additionalProperties: false },
);

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
  handler: async ({ params, query, body, caller, services }) => {
    const result = await decide(services, caller, params.policyId, body as DecisionRequest, query.explain === true);
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

/** Items decided concurrently: the store orders writes; a bound keeps a batch from hogging it. */
const BATCH_CONCURRENCY = 16;

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
  handler: async ({ params, query, body, caller, services }) => {
    if (body.items.length > services.limits.batchItems)
      throw new ApiError('BATCH_TOO_LARGE', `At most ${services.limits.batchItems} items per batch (got ${body.items.length}).`);
    const results: { index: number; status: number; decision?: unknown; error?: ProblemDetails }[] = new Array(body.items.length);
    let next = 0;
    const worker = async () => {
      while (next < body.items.length) {
        const index = next++;
        try {
          const r = await decide(services, caller, params.policyId, body.items[index] as DecisionRequest, query.explain === true);
          results[index] = { index, status: r.status, decision: r.body };
        } catch (err) {
          const { problem, unexpected } = toProblem(err);
          if (unexpected) services.logger.error({ err, index }, 'batch item failed');
          // Per-item pointers are relative to the item; make them point into the batch body.
          if (problem.errors) problem.errors = problem.errors.map((e) => ({ ...e, pointer: `/items/${index}${e.pointer}` }));
          results[index] = { index, status: problem.status, error: problem };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, body.items.length) }, worker));
    const failed = results.filter((r) => r.error).length;
    return { body: { items: results, succeeded: results.length - failed, failed } };
  },
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
  }),
  responses: {
    200: {
      description: 'One page.',
      schema: Type.Object({ items: Type.Array(Type.Ref(DecisionLogEntry)), nextCursor: Type.Union([Type.String(), Type.Null()]) }),
    },
    400: { description: 'A cursor this server did not issue.' },
  },
  handler: async ({ query, services: { store } }) => {
    const page = await pageWithCursor(query.cursor, () => store.listDecisions(query));
    return { body: { items: page.items.map(logEntry), nextCursor: page.nextCursor } };
  },
});

const DecisionParams = Type.Object({ decisionId: Type.String({ pattern: '^[A-Za-z0-9_-]{1,100}$' }) });

async function loggedDecision(store: import('../store/store.js').CreditgraphStore, decisionId: string) {
  const record = await store.getDecision(decisionId);
  if (!record) throw new ApiError('NOT_FOUND', `No decision "${decisionId}".`);
  return record;
}

const getDecision = defineRoute({
  method: 'get',
  path: '/decisions/:decisionId',
  operationId: 'getDecision',
  summary: 'One logged decision: input, output, version, hash, caller',
  tag: TAG,
  access: 'decisions:read',
  params: DecisionParams,
  responses: { 200: { description: 'The log entry.', schema: Type.Ref(DecisionLogEntry) }, 404: { description: 'No such decision.' } },
  handler: async ({ params, services: { store } }) => ({ body: logEntry(await loggedDecision(store, params.decisionId)) }),
});

/** The fields people compare between an original decision and its replay. */
const COMPARED: [string, (d: Record<string, unknown>) => unknown][] = [
  ['outcome', (d) => d.outcome],
  ['approvalLevel', (d) => d.approvalLevel],
  ['riskClass', (d) => d.riskClass],
  ['score', (d) => d.score],
  ['creditLimit.gross', (d) => (d.creditLimit as { gross?: number } | null)?.gross ?? null],
  ['creditLimit.unsecured', (d) => (d.creditLimit as { unsecured?: number } | null)?.unsecured ?? null],
  ['collectionScenario', (d) => (d.collectionScenario as { id?: string } | null)?.id ?? null],
];

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
  handler: async ({ params, body, services }) => {
    const original = await loggedDecision(services.store, params.decisionId);
    const resolved = await services.versions.resolve(original.policyId, body?.version ?? null);
    const facts = checkFactsOrThrow(resolved.compiled, original.facts);
    const replayed = evaluate(resolved.compiled, facts, body?.trace === true);
    const differences = COMPARED.map(([field, get]) => ({ field, original: get(original.decision), replay: get(replayed) })).filter(
      (d) => JSON.stringify(d.original) !== JSON.stringify(d.replay),
    );
    return {
      body: {
        decisionId: original.decisionId,
        original: { version: original.version, contentHash: original.contentHash, decision: original.decision },
        replay: { version: resolved.version, contentHash: resolved.contentHash, decision: replayed },
        same: differences.length === 0,
        differences,
      },
    };
  },
});

export const decisionRoutes = [decideRoute, batchRoute, listDecisions, getDecision, replayRoute];
