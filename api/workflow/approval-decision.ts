/**
 * A person decides an approval request: approve (the full amount or less — a counter-proposal),
 * refuse, or forward to a higher level. The request changes by compare-and-set (of two people
 * deciding at once, one wins), then the decision is appended to the decision log as a 'manual'
 * record that relatesTo the automatic one, which is never touched.
 */
import { appendSealedDecision, customerRefs } from '../domain/customer-salts.js';
import { randomUUID } from 'node:crypto';
import type { Decision, DecisionConditions } from '../../engine/model/decision-schema.js';
import type { Caller } from '../auth/api-keys.js';
import { approvalEvent } from '../domain/audit-events.js';
import { DomainError } from '../domain/errors.js';
import type { Services } from '../services.js';
import { StoreError, type ApprovalRecord, type DecisionRecord } from '../store/store.js';
import { delegationLevels, levelRank, refusalToDecide } from './delegation-level.js';
import { reviewDateFor } from './review-date.js';
import { deliveriesFor } from './webhook-outbox.js';
import { applyGrantedLimit } from '../domain/customer-limits.js';

export interface ApprovalDecisionInput {
  action: 'approve' | 'refuse' | 'forward';
  comment: string;
  /** approve: the amount granted (default: the requested amount); lower = counter-proposal. */
  amount?: number;
  /** forward: the higher level that must decide. */
  level?: string;
  /** approve: conditions changed from the policy's (the others are kept; null removes one). */
  conditions?: Partial<DecisionConditions>;
}

const NO_CONDITIONS: DecisionConditions = { paymentTermDays: null, prepaymentShare: null, guaranteeRequired: null, cashOnDelivery: null };

/** The conditions an approval grants: the automatic decision's, changed where the approver said; null when none. */
function grantedConditions(automatic: Decision | undefined, changed: Partial<DecisionConditions> | undefined): DecisionConditions | null | undefined {
  if (automatic?.conditions === undefined && changed === undefined) return undefined; // the policy declares none
  const merged = { ...NO_CONDITIONS, ...(automatic?.conditions ?? {}), ...(changed ?? {}) };
  return Object.values(merged).every((v) => v === null) ? null : merged;
}

export async function requireApproval(services: Pick<Services, 'store'>, approvalId: string): Promise<ApprovalRecord> {
  const approval = await services.store.getApproval(approvalId);
  if (!approval) throw new DomainError('NOT_FOUND', `No approval request "${approvalId}".`);
  return approval;
}

const invalid = (pointer: string, detail: string) => new DomainError('INVALID_REQUEST', detail, { errors: [{ pointer, detail, in: 'body' }] });

export async function decideApproval(services: Services, caller: Caller, approvalId: string, input: ApprovalDecisionInput): Promise<{ approval: ApprovalRecord; manualDecision: DecisionRecord | null }> {
  const { store, clock, versions } = services;
  const approval = await requireApproval(services, approvalId);
  const comment = input.comment.trim();
  if (!comment) throw invalid('/comment', 'A comment is required: say why.');
  if (approval.status !== 'pending') {
    // The decider retrying after a failure: make sure the log has the record, answer as before.
    if (approval.outcome?.decidedBy === caller.user.id && approval.outcome.action === actionOf(input.action)) return { approval, manualDecision: await ensureManualDecision(services, approval) };
    throw new DomainError('APPROVAL_CLOSED', `Approval request ${approvalId} is already ${approval.status} (by ${approval.outcome?.decidedBy ?? 'someone'}).`);
  }
  const { document } = await versions.resolve(approval.policyId, approval.version);
  const levels = delegationLevels(document);
  const refusal = refusalToDecide(caller.user, approval, levels);
  if (refusal) throw new DomainError(refusal.code, refusal.why);

  const at = clock.now().toISOString();
  const by = caller.user.id;
  let next: ApprovalRecord;
  if (input.action === 'forward') {
    if (!input.level) throw invalid('/level', 'Say which higher level must decide.');
    if (input.conditions !== undefined) throw invalid('/conditions', 'Only an approval carries conditions.');
    const target = levelRank(levels, input.level);
    if (target < 0) throw invalid('/level', `"${input.level}" is not a delegation level of policy ${approval.policyId} (levels: ${levels.map((l) => l.id).join(', ')}).`);
    if (target <= levelRank(levels, approval.requiredLevel)) throw invalid('/level', `Forward to a level above "${approval.requiredLevel}".`);
    next = {
      ...approval,
      requiredLevel: input.level,
      revision: approval.revision + 1,
      updatedAt: at,
      history: [...approval.history, { at, by, action: 'forwarded', level: input.level, amount: null, comment }],
    };
  } else {
    let amount: number | null = null;
    if (input.action === 'approve') {
      amount = input.amount ?? approval.requestedAmount;
      if (amount === null) throw invalid('/amount', 'The request names no amount: give the amount approved.');
      if (!(amount > 0)) throw invalid('/amount', 'The approved amount must be above 0 (refuse instead).');
      if (approval.requestedAmount !== null && amount > approval.requestedAmount)
        throw invalid('/amount', `At most the requested ${approval.requestedAmount}: a person approves the request or less, never more.`);
    } else if (input.amount !== undefined) throw invalid('/amount', 'A refusal carries no amount.');
    if (input.action !== 'approve' && input.conditions !== undefined) throw invalid('/conditions', 'Only an approval carries conditions.');
    const conditions = input.action === 'approve' ? grantedConditions((await store.getDecision(approval.decisionId))?.decision, input.conditions) : undefined;
    const counterProposal = amount !== null && approval.requestedAmount !== null && amount < approval.requestedAmount;
    next = {
      ...approval,
      status: input.action === 'approve' ? 'approved' : 'refused',
      revision: approval.revision + 1,
      updatedAt: at,
      history: [...approval.history, { at, by, action: input.action === 'approve' ? 'approved' : 'refused', level: approval.requiredLevel, amount, comment }],
      outcome: {
        action: actionOf(input.action)!,
        amount,
        counterProposal,
        decidedBy: by,
        decidedAt: at,
        comment,
        manualDecisionId: `dec_${randomUUID()}`,
        reviewDate: input.action === 'approve' ? reviewDateFor(document, approval.riskClass, at) : null,
        ...(conditions !== undefined ? { conditions } : {}),
      },
    };
  }

  const final = next.status !== 'pending';
  const deliveries = final ? await deliveriesFor(store, 'approval.decided', next.id, { approval: next }, at) : [];
  const action = input.action === 'forward' ? 'approval.forwarded' : input.action === 'approve' ? 'approval.approved' : 'approval.refused';
  const audit = approvalEvent(action, next, { actor: by, comment }, await customerRefs(store, [next.customerId]));
  let saved: ApprovalRecord;
  try {
    saved = await store.updateApproval({ approval: next, expectRevision: approval.revision, deliveries, audit });
  } catch (err) {
    if (err instanceof StoreError && err.code === 'PRECONDITION_FAILED')
      throw new DomainError('APPROVAL_CLOSED', `Approval request ${approvalId} was decided or forwarded by someone else meanwhile; read it again.`);
    throw err;
  }
  if (deliveries.length) services.workflow.webhooks.kick();
  const manualDecision = final ? await ensureManualDecision(services, saved) : null;
  // An approved limit goes to the customer's file, with the review date the approval recorded.
  if (manualDecision) await applyGrantedLimit(services, manualDecision, document);
  return { approval: saved, manualDecision };
}

const actionOf = (a: ApprovalDecisionInput['action']) => (a === 'approve' ? 'approve' : a === 'refuse' ? 'refuse' : null);

/**
 * The 'manual' decision-log record of a decided request, built only from the request and the
 * automatic decision (so a retry rebuilds the same record); idempotent on requestId `approval:<id>`.
 */
export async function ensureManualDecision(services: Services, approval: ApprovalRecord): Promise<DecisionRecord | null> {
  const outcome = approval.outcome;
  if (!outcome) return null;
  const { store } = services;
  const requestId = `approval:${approval.id}`;
  const existing = await store.findDecisionByRequestId(approval.policyId, requestId);
  if (existing) return existing;
  const original = await store.getDecision(approval.decisionId);
  if (!original) throw new DomainError('NOT_FOUND', `The decision ${approval.decisionId} of approval request ${approval.id} is not in the log.`);
  const approved = outcome.action === 'approve';
  const code = approved ? (outcome.counterProposal ? 'MANUAL_COUNTER_PROPOSAL' : 'MANUAL_APPROVAL') : 'MANUAL_REFUSAL';
  const what = approved ? (outcome.counterProposal ? `approved ${outcome.amount} instead of ${approval.requestedAmount}` : `approved ${outcome.amount}`) : 'refused';
  const { trace: _trace, ...automatic } = original.decision;
  const decision: Decision = {
    ...automatic,
    outcome: approved ? 'accept' : 'refuse',
    approvalLevel: approval.requiredLevel,
    reasons: [...automatic.reasons, { code, message: `${outcome.decidedBy} (${approval.requiredLevel}) ${what}: ${outcome.comment}`, nodeId: 'approval', effect: approved ? 'accept' : 'refuse' }],
    variables: { ...automatic.variables, approvalId: approval.id, approvedAmount: outcome.amount, reviewDate: outcome.reviewDate },
    ...(outcome.conditions !== undefined ? { conditions: approved ? outcome.conditions : null } : {}),
  };
  const record: DecisionRecord = {
    decisionId: outcome.manualDecisionId,
    requestId,
    requestHash: null,
    policyId: approval.policyId,
    version: approval.version,
    contentHash: approval.contentHash,
    customerId: approval.customerId,
    facts: original.facts,
    decision,
    outcome: decision.outcome,
    caller: outcome.decidedBy,
    evaluatedAt: outcome.decidedAt,
    source: 'manual',
    relatesTo: original.decisionId,
  };
  return (await appendSealedDecision(store, record)).record;
}
