/**
 * The limit a decision grants, written to the customer's file with its review date (issue 24):
 * every granted limit gets one from its risk class (`reviewMonths` in the policy's risk classes),
 * automatic decisions too — before, only a limit a person approved carried a review date, so
 * automatic limits never fell due. Applied after a decision is logged, for customers with a file:
 *
 * - an automatic **accept** grants its computed limit (`creditLimit.gross`), reviewed `reviewMonths`
 *   after the decision;
 * - an **approved** request grants the amount the person approved, with the review date the
 *   approval recorded;
 * - a **refuse** of a review campaign withdraws the limit (amount 0, reviewed again after its class's
 *   months): a refused order request leaves the limit as it was (applyRefusal is the campaign's);
 * - an **escalation** changes nothing until a person decides.
 */
import type { PolicyDocument } from '../../engine/model/policy-schema.js';
import type { CurrentLimit } from '../store/customer-store.js';
import type { DecisionRecord } from '../store/store.js';
import type { Services } from '../services.js';
import { grantedLimitOf } from '../workflow/decision-changes.js';
import { reviewDateFor } from '../workflow/review-date.js';
import { recordLimit } from './customers.js';

type Ctx = Pick<Services, 'store' | 'clock'> & Partial<Pick<Services, 'workflow'>>;

/** The file's limit after this record, or null when the record grants none (refuse, escalate, no computed limit). */
export function limitGrantedBy(record: DecisionRecord, document: PolicyDocument): CurrentLimit | null {
  const amount = grantedLimitOf(record);
  if (amount === null) return null;
  const riskClass = record.decision.riskClass ?? null;
  const approvedReview = record.source === 'manual' ? record.decision.variables?.reviewDate : undefined;
  return {
    amount,
    grantedAt: record.evaluatedAt,
    reviewDate: typeof approvedReview === 'string' ? approvedReview : reviewDateFor(document, riskClass, record.evaluatedAt),
    expiresAt: null,
    decisionId: record.decisionId,
    policyId: record.policyId,
    riskClass,
  };
}

/** A refusal in a review: the limit withdrawn (0), reviewed again after the class's months. */
export function limitWithdrawnBy(record: DecisionRecord, document: PolicyDocument): CurrentLimit {
  const riskClass = record.decision.riskClass ?? null;
  return { amount: 0, grantedAt: record.evaluatedAt, reviewDate: reviewDateFor(document, riskClass, record.evaluatedAt), expiresAt: null, decisionId: record.decisionId, policyId: record.policyId, riskClass };
}

/**
 * Writes the limit a logged decision grants to the customer's file (none: nothing). Idempotent (the
 * same limit again writes nothing), so a replayed request or a retried approval repairs a crash.
 */
export async function applyGrantedLimit(ctx: Ctx, record: DecisionRecord, document: PolicyDocument): Promise<CurrentLimit | null> {
  if (record.customerId === null) return null;
  const limit = limitGrantedBy(record, document);
  if (!limit || !(await ctx.store.getCustomer(record.customerId))) return null;
  await recordLimit(ctx, { id: record.caller }, record.customerId, limit, `limit granted by decision ${record.decisionId}`);
  return limit;
}
