/**
 * One decision request, start to end: idempotency, version resolution, facts check, compiled
 * evaluation, logging. Shared by the single and the batch endpoint so both behave identically.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { canonicalHash } from './store/canonical-hash.js';
import type { DecisionChange, DecisionRecord } from './store/store.js';
import type { Caller } from './auth/api-keys.js';
import type { Services } from './services.js';
import { ApiError } from './http/problems.js';
import { checkFactsOrThrow, evaluate } from './policy-engine.js';
import { decisionResponse } from './routes/common.js';
import { approvalIdFor } from './workflow/approval-request.js';
import type { Language } from '../engine/model/policy-schema.js';

export interface DecisionRequest {
  facts: Record<string, unknown>;
  version?: number;
  requestId?: string;
  customerId?: string;
  /** What the customer owes now (open invoices + orders): checked against the limit (alerts). */
  exposure?: number;
}

export interface DecisionOutcome {
  /** 201 for a new decision, 200 for the stored answer to a repeated requestId. */
  status: 200 | 201;
  replayed: boolean;
  body: ReturnType<typeof decisionResponse> & { approvalId?: string; changes?: DecisionChange[] };
}

/** The workflow's part of the answer: the approval request an escalation opened, what got worse. */
const withWorkflow = (r: DecisionRecord) => ({
  ...decisionResponse(r),
  ...(r.outcome === 'escalate' && r.source === 'automatic' ? { approvalId: approvalIdFor(r.decisionId) } : {}),
  ...(r.changes?.length ? { changes: r.changes } : {}),
});

const requestHashOf = (policyId: string, r: DecisionRequest) =>
  canonicalHash({ policyId, facts: r.facts, version: r.version ?? null, customerId: r.customerId ?? null, ...(r.exposure !== undefined ? { exposure: r.exposure } : {}) });

function replayOf(stored: DecisionRecord, requestHash: string): DecisionOutcome {
  if (stored.requestHash !== requestHash)
    throw new ApiError('IDEMPOTENCY_CONFLICT', `requestId "${stored.requestId}" was already used for decision ${stored.decisionId} with a different body.`, {
      decisionId: stored.decisionId,
    });
  return { status: 200, replayed: true, body: withWorkflow(stored) };
}

/**
 * A replayed escalation whose approval request is missing (the process died between logging the
 * decision and opening the request): open it now, so the approvalId the caller gets exists.
 */
async function repairWorkflow(services: Services, outcome: DecisionOutcome, stored: DecisionRecord): Promise<DecisionOutcome> {
  if (stored.outcome !== 'escalate' || stored.source !== 'automatic' || (await services.store.getApproval(approvalIdFor(stored.decisionId)))) return outcome;
  const { document } = await services.versions.resolve(stored.policyId, stored.version);
  await services.workflow.afterDecision(stored, document, null);
  return outcome;
}

export async function decide(services: Services, caller: Caller, policyId: string, request: DecisionRequest, explain: boolean, language?: Language): Promise<DecisionOutcome> {
  const { store, versions, metrics, clock, workflow } = services;
  const requestHash = request.requestId ? requestHashOf(policyId, request) : null;
  if (request.requestId) {
    const stored = await store.findDecisionByRequestId(policyId, request.requestId);
    if (stored) return repairWorkflow(services, replayOf(stored, requestHash!), stored);
  }

  const resolved = await versions.resolve(policyId, request.version);
  const started = performance.now();
  const facts = checkFactsOrThrow(resolved.compiled, request.facts);
  const decision = evaluate(resolved.compiled, facts, explain, language);
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
    ...(request.exposure !== undefined ? { exposure: request.exposure } : {}),
  };
  // The customer's last decision, to tell what got worse: read only when it can matter.
  const before = workflow.needsPrevious(record, resolved.document) ? await workflow.previousDecision(policyId, record.customerId) : null;
  workflow.annotate(record, before, resolved.document);
  // The store is the arbiter of idempotency: of concurrent requests with one requestId, one is logged.
  const { record: logged, duplicate } = await store.appendDecision(record);
  workflow.logged(logged);
  if (duplicate) return repairWorkflow(services, replayOf(logged, requestHash!), logged);
  await workflow.afterDecision(logged, resolved.document, before);
  return { status: 201, replayed: false, body: withWorkflow(logged) };
}
