/** An approval request: what an `escalate` decision opens, built from the logged decision. */
import type { PolicyDocument } from '../../engine/model/policy-schema.js';
import type { ApprovalRecord, DecisionRecord } from '../store/store.js';

/** One request per escalation, so its id follows from the decision's (replays find it again). */
export const approvalIdFor = (decisionId: string) => `apr_${decisionId.replace(/^dec_/, '')}`;

/** The policy's service time for escalations (hours), or null. */
export function serviceHoursOf(document: PolicyDocument): number | null {
  const node = document.nodes.find((n) => n.kind === 'approval');
  return (node?.config as { serviceHours?: number } | undefined)?.serviceHours ?? null;
}

const numberOr = (v: unknown, fallback: number | null): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

export function approvalFromDecision(record: DecisionRecord, document: PolicyDocument): ApprovalRecord {
  const d = record.decision;
  const vars = d.variables ?? {};
  const hours = serviceHoursOf(document);
  const openedAt = record.evaluatedAt;
  const level = d.approvalLevel ?? 'unknown';
  return {
    id: approvalIdFor(record.decisionId),
    decisionId: record.decisionId,
    policyId: record.policyId,
    version: record.version,
    contentHash: record.contentHash,
    customerId: record.customerId,
    requestedAmount: numberOr(vars.approvalAmount, null),
    authorityAmount: numberOr(vars.authorityAmount, numberOr(vars.approvalAmount, null)),
    computedLimit: d.creditLimit?.gross ?? null,
    riskClass: d.riskClass ?? null,
    requiredLevel: level,
    reasons: d.reasons.map((r) => ({ code: r.code, message: r.message })),
    requestedBy: record.caller,
    status: 'pending',
    openedAt,
    updatedAt: openedAt,
    dueAt: hours === null ? null : new Date(Date.parse(openedAt) + hours * 3_600_000).toISOString(),
    revision: 1,
    history: [{ at: openedAt, by: record.caller, action: 'opened', level, amount: numberOr(vars.approvalAmount, null), comment: null }],
    outcome: null,
  };
}
