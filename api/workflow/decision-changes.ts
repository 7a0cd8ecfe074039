/**
 * Is a customer's new decision worse than their previous one? A class downgrade, a limit cut below
 * what they owe now, a refuse after an accept. Each becomes a `changes` item of the response and,
 * together, one `decision.worse` alert.
 */
import type { PolicyDocument } from '../../engine/model/policy-schema.js';
import type { DecisionChange, DecisionRecord, PreviousDecision } from '../store/store.js';
import { riskClassOrder } from './review-date.js';

/**
 * The limit a record grants: the amount a person approved, or the computed limit of an accept.
 * A refuse or a pending escalation grants nothing new (null).
 */
export function grantedLimitOf(record: PreviousDecision): number | null {
  if (record.outcome !== 'accept') return null;
  if (record.source === 'manual') {
    const approved = record.decision.variables?.approvedAmount;
    if (typeof approved === 'number') return approved;
  }
  return record.decision.creditLimit?.gross ?? null;
}

/**
 * False when changesOf() would find nothing whatever the previous decision was (an accept or an
 * escalation in the best risk class, with no exposure given): then the previous one need not be read.
 */
export function mayBeWorse(next: DecisionRecord, document: PolicyDocument): boolean {
  if (next.outcome === 'refuse' || (next.exposure ?? null) !== null) return true;
  const after = next.decision.riskClass;
  return !!after && riskClassOrder(document).indexOf(after) > 0;
}

export function changesOf(previous: PreviousDecision | null, next: DecisionRecord, document: PolicyDocument): DecisionChange[] {
  if (!previous) return [];
  const changes: DecisionChange[] = [];
  const ref = previous.decisionId;
  const order = riskClassOrder(document);
  const before = previous.decision.riskClass;
  const after = next.decision.riskClass;
  if (before && after && order.indexOf(after) > order.indexOf(before) && order.indexOf(before) >= 0)
    changes.push({ kind: 'riskClassDowngrade', from: before, to: after, previousDecisionId: ref, message: `Risk class went down from ${before} to ${after}.` });

  const exposure = next.exposure ?? null;
  const oldLimit = grantedLimitOf(previous) ?? previous.decision.creditLimit?.gross ?? null;
  const newLimit = next.decision.creditLimit?.gross ?? null;
  if (exposure !== null && oldLimit !== null && newLimit !== null && newLimit < oldLimit && newLimit < exposure)
    changes.push({
      kind: 'limitBelowExposure',
      from: oldLimit,
      to: newLimit,
      previousDecisionId: ref,
      message: `The limit is cut from ${oldLimit} to ${newLimit}, below the current exposure of ${exposure}.`,
    });

  if (next.outcome === 'refuse' && previous.outcome === 'accept')
    changes.push({ kind: 'refuseAfterAccept', from: 'accept', to: 'refuse', previousDecisionId: ref, message: 'Refused where the previous decision accepted.' });
  return changes;
}
