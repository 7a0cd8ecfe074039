/**
 * One decision request, start to end: idempotency, version resolution, facts check, compiled
 * evaluation, logging. Shared by the single and the batch endpoint so both behave identically.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { canonicalHash } from './store/canonical-hash.js';
import type { DecisionRecord } from './store/store.js';
import type { Caller } from './auth/api-keys.js';
import type { Services } from './services.js';
import { ApiError } from './http/problems.js';
import { checkFactsOrThrow, evaluate } from './policy-engine.js';
import { decisionResponse } from './routes/common.js';

export interface DecisionRequest {
  facts: Record<string, unknown>;
  version?: number;
  requestId?: string;
  customerId?: string;
}

export interface DecisionOutcome {
  /** 201 for a new decision, 200 for the stored answer to a repeated requestId. */
  status: 200 | 201;
  replayed: boolean;
  body: ReturnType<typeof decisionResponse>;
}

const requestHashOf = (policyId: string, r: DecisionRequest) =>
  canonicalHash({ policyId, facts: r.facts, version: r.version ?? null, customerId: r.customerId ?? null });

function replayOf(stored: DecisionRecord, requestHash: string): DecisionOutcome {
  if (stored.requestHash !== requestHash)
    throw new ApiError('IDEMPOTENCY_CONFLICT', `requestId "${stored.requestId}" was already used for decision ${stored.decisionId} with a different body.`, {
      decisionId: stored.decisionId,
    });
  return { status: 200, replayed: true, body: decisionResponse(stored) };
}

export async function decide(services: Services, caller: Caller, policyId: string, request: DecisionRequest, explain: boolean): Promise<DecisionOutcome> {
  const { store, versions, metrics, clock } = services;
  const requestHash = request.requestId ? requestHashOf(policyId, request) : null;
  if (request.requestId) {
    const stored = await store.findDecisionByRequestId(policyId, request.requestId);
    if (stored) return replayOf(stored, requestHash!);
  }

  const resolved = await versions.resolve(policyId, request.version);
  const started = performance.now();
  const facts = checkFactsOrThrow(resolved.compiled, request.facts);
  const decision = evaluate(resolved.compiled, facts, explain);
  metrics.decisionSeconds.observe({ policy: policyId, outcome: decision.outcome }, (performance.now() - started) / 1000);

  const record: DecisionRecord = {
    decisionId: `dec_${randomUUID()}`,
    requestId: request.requestId ?? null,
    requestHash,
    policyId,
    version: resolved.version,
    contentHash: resolved.contentHash,
    customerId: request.customerId ?? null,
    facts: request.facts,
    decision,
    outcome: decision.outcome,
    caller: caller.user.id,
    evaluatedAt: clock.now().toISOString(),
    source: 'automatic',
    relatesTo: null,
  };
  // The store is the arbiter of idempotency: of concurrent requests with one requestId, one is logged.
  const { record: logged, duplicate } = await store.appendDecision(record);
  if (duplicate) return replayOf(logged, requestHash!);
  return { status: 201, replayed: false, body: decisionResponse(logged) };
}
