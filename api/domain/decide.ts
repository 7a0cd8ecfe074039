/**
 * Deciding, start to end: idempotency, version resolution, facts check, compiled evaluation,
 * the workflow's part (what got worse, approval requests), logging. The single and the batch
 * endpoint share `decide`, so both behave identically; replay re-evaluates a logged input.
 * Route → decide → version resolver / policy-engine (the engine doorway) → store.appendDecision.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { canonicalHash } from '../store/canonical-hash.js';
import type { DecisionChange, DecisionRecord } from '../store/store.js';
import type { Caller } from '../auth/api-keys.js';
import type { Services } from '../services.js';
import { DomainError, type ErrorItem } from './errors.js';
import { pageWithCursor } from './pagination.js';
import { checkFactsWithWarnings, evaluate, requestLanguage, type Language } from '../policy-engine.js';

export { requestLanguage };
import { decisionResponse, logEntry } from './decision-views.js';
import { approvalIdFor } from '../workflow/approval-request.js';
import type { DecisionRequest } from '../schemas.js';
import { sealState, type SealState } from '../integrity/decision-seal.js';
import { appendSealedDecision, ensureSalts, saltsOf } from './customer-salts.js';
import { fileFactsFor, type UnusedFact } from './customer-facts.js';
import { fileFigures } from './customer-exposure.js';
import { experimentArms, shadowDecision } from './experiment-arms.js';
import { applyGrantedLimit } from './customer-limits.js';

export type { DecisionRequest };

export interface DecisionOutcome {
  /** 201 for a new decision, 200 for the stored answer to a repeated requestId. */
  status: 200 | 201;
  replayed: boolean;
  body: ReturnType<typeof decisionResponse> & { approvalId?: string; changes?: DecisionChange[]; factSources?: DecisionRecord['factSources']; unusedFacts?: UnusedFact[] };
}

/** The workflow's part of the answer: the approval request an escalation opened, what got worse. */
const withWorkflow = (r: DecisionRecord) => ({
  ...decisionResponse(r),
  ...(r.outcome === 'escalate' && r.source === 'automatic' ? { approvalId: approvalIdFor(r.decisionId) } : {}),
  ...(r.changes?.length ? { changes: r.changes } : {}),
  ...(r.factSources ? { factSources: r.factSources } : {}),
});

const requestHashOf = (policyId: string, r: DecisionRequest) =>
  canonicalHash({ policyId, facts: r.facts ?? {}, ...(r.maxFactAgeDays !== undefined ? { maxFactAgeDays: r.maxFactAgeDays } : {}), version: r.version ?? null, customerId: r.customerId ?? null, ...(r.exposure !== undefined ? { exposure: r.exposure } : {}) });

function replayOf(stored: DecisionRecord, requestHash: string): DecisionOutcome {
  if (stored.requestHash !== requestHash)
    throw new DomainError('IDEMPOTENCY_CONFLICT', `requestId "${stored.requestId}" was already used for decision ${stored.decisionId} with a different body.`, {
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

  const active = await versions.resolve(policyId, request.version);
  // A running champion/challenger experiment: the customer's arm answers, the other is logged in shadow.
  const arms = await experimentArms(services, policyId, request, active);
  const resolved = arms?.answering ?? active;
  // The customer's credit file fills the inputs the request left out (customer-facts.ts: precedence).
  const fromFile = await fileFactsFor(store, (c, now, needs) => fileFigures(store, c, now, needs), resolved.document.inputs, request, clock.now());
  const sent = fromFile?.facts ?? request.facts ?? {};
  const started = performance.now();
  const { facts, warnings } = checkFactsWithWarnings(resolved.compiled, sent);
  const decision = evaluate(resolved.compiled, facts, explain, language, warnings);
  metrics.decisionSeconds.observe({ policy: policyId, outcome: decision.outcome }, (performance.now() - started) / 1000);

  const record: DecisionRecord = {
    decisionId: `dec_${randomUUID()}`,
    requestId: request.requestId ?? null,
    requestHash,
    policyId,
    version: resolved.version,
    contentHash: resolved.contentHash,
    customerId: request.customerId ?? null,
    facts: sent,
    decision,
    outcome: decision.outcome,
    caller: caller.user.id,
    evaluatedAt: clock.now().toISOString(),
    source: 'automatic',
    relatesTo: null,
    ...(request.exposure !== undefined ? { exposure: request.exposure } : {}),
    ...(fromFile ? { factSources: fromFile.sources } : {}),
    ...(arms ? { experiment: shadowDecision(arms, sent) } : {}),
  };
  // The customer's last decision, to tell what got worse: read only when it can matter.
  const before = workflow.needsPrevious(record, resolved.document) ? await workflow.previousDecision(policyId, record.customerId) : null;
  workflow.annotate(record, before, resolved.document);
  // The store is the arbiter of idempotency: of concurrent requests with one requestId, one is logged.
  const { record: logged, duplicate } = await appendSealedDecision(store, record);
  if (duplicate) return repairWorkflow(services, replayOf(logged, requestHash!), logged);
  await workflow.afterDecision(logged, resolved.document, before);
  // A customer with a file holds the limit an accept grants, with its class's review date (customer-limits.ts).
  if (fromFile) await applyGrantedLimit(services, logged, resolved.document);
  return { status: 201, replayed: false, body: { ...withWorkflow(logged), ...(fromFile?.unused.length ? { unusedFacts: fromFile.unused } : {}) } };
}

/** One item of a batch: the decision, or the problem it would have had on its own. */
export type BatchItem<P> = { index: number; status: number; decision?: DecisionOutcome['body']; error?: P };

/** Items decided concurrently: the store orders writes; a bound keeps a batch from hogging it. */
const BATCH_CONCURRENCY = 16;

/**
 * Up to `limits.batchItems` requests, each decided and logged as if alone. A failing item does not
 * fail the others: `describe` turns its error into what the caller gets for it (a problem).
 */
export async function decideBatch<P extends { status: number; errors?: ErrorItem[] }>(
  services: Services,
  caller: Caller,
  policyId: string,
  items: DecisionRequest[],
  explain: boolean,
  describe: (err: unknown, index: number) => P,
  language?: Language,
): Promise<{ items: BatchItem<P>[]; succeeded: number; failed: number }> {
  if (items.length > services.limits.batchItems)
    throw new DomainError('BATCH_TOO_LARGE', `At most ${services.limits.batchItems} items per batch (got ${items.length}).`);
  // New customers' salts made in one commit for the whole batch, not one per item.
  await ensureSalts(services.store, items.map((i) => i.customerId ?? null));
  const results: BatchItem<P>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        const r = await decide(services, caller, policyId, items[index]!, explain, language);
        results[index] = { index, status: r.status, decision: r.body };
      } catch (err) {
        const problem = describe(err, index);
        // Per-item pointers are relative to the item; make them point into the batch body.
        if (problem.errors) problem.errors = problem.errors.map((e) => ({ ...e, pointer: `/items/${index}${e.pointer}` }));
        results[index] = { index, status: problem.status, error: problem };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, items.length) }, worker));
  const failed = results.filter((r) => r.error).length;
  return { items: results, succeeded: results.length - failed, failed };
}

/** A logged decision with its seal checked on the way out: an altered one is reported to the integrity monitor. */
export async function loggedDecision(services: Pick<Services, 'store' | 'integrity'>, decisionId: string): Promise<{ record: DecisionRecord; seal: SealState }> {
  const record = await services.store.getDecision(decisionId);
  if (!record) throw new DomainError('NOT_FOUND', `No decision "${decisionId}".`);
  const [seal] = await checkSeals(services, [record]);
  return { record, seal: seal! };
}

/** The seals of logged records, each with its customer's salt; altered ones reported. */
export async function checkSeals(services: Pick<Services, 'store' | 'integrity'>, records: DecisionRecord[]): Promise<SealState[]> {
  const salts = await saltsOf(services.store, records.map((r) => r.customerId));
  return records.map((r) => {
    const state = sealState(r, r.customerId ? (salts[r.customerId] ?? null) : null);
    if (state === 'altered') services.integrity.found('decision', r.decisionId, `Logged decision ${r.decisionId} does not match its seal (altered after it was logged).`, r.policyId);
    return state;
  });
}

/** The decision log, newest first, as auditors see it; each entry's seal checked. */
export async function decisionLog(services: Pick<Services, 'store' | 'integrity'>, filter: Parameters<Services['store']['listDecisions']>[0]) {
  const page = await pageWithCursor(filter.cursor, () => services.store.listDecisions(filter));
  const seals = await checkSeals(services, page.items);
  return { items: page.items.map((r, i) => logEntry(r, seals[i])), nextCursor: page.nextCursor };
}

/** The fields people compare between an original decision and its replay. */
const COMPARED: [string, (d: Record<string, unknown>) => unknown][] = [
  ['outcome', (d) => d.outcome],
  ['approvalLevel', (d) => d.approvalLevel],
  ['riskClass', (d) => d.riskClass],
  ['score', (d) => d.score],
  ['creditLimit.gross', (d) => (d.creditLimit as { gross?: number } | null)?.gross ?? null],
  ['creditLimit.unsecured', (d) => (d.creditLimit as { unsecured?: number } | null)?.unsecured ?? null],
  ['collectionScenario', (d) => (d.collectionScenario as { id?: string } | null)?.id ?? null],
  ['conditions', (d) => d.conditions ?? null],
];

/** Re-evaluate a logged input with a version (default: the active one), beside the original. Not logged. */
export async function replayDecision(services: Services, decisionId: string, options: { version?: number | null; trace?: boolean }) {
  const { record: original, seal } = await loggedDecision(services, decisionId);
  if (seal === 'altered') throw new DomainError('DECISION_ALTERED', `Decision ${decisionId} does not match its seal: what is logged is not what was decided, so it is not replayed.`, { decisionId });
  const resolved = await services.versions.resolve(original.policyId, options.version ?? null);
  const { facts, warnings } = checkFactsWithWarnings(resolved.compiled, original.facts);
  const replayed = evaluate(resolved.compiled, facts, options.trace === true, undefined, warnings);
  const differences = COMPARED.map(([field, get]) => ({ field, original: get(original.decision as unknown as Record<string, unknown>), replay: get(replayed as unknown as Record<string, unknown>) })).filter(
    (d) => JSON.stringify(d.original) !== JSON.stringify(d.replay),
  );
  return {
    decisionId: original.decisionId,
    original: { version: original.version, contentHash: original.contentHash, decision: original.decision },
    replay: { version: resolved.version, contentHash: resolved.contentHash, decision: replayed },
    same: differences.length === 0,
    differences,
  };
}
