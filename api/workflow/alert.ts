/**
 * Alerts: what credit managers must look at. Each has a dedupe key naming the situation, so the
 * sweep can re-check every minute and a retry can re-raise without creating a second alert.
 */
import { randomUUID } from 'node:crypto';
import type { AlertRecord, AlertType, ApprovalRecord, DecisionChange, DecisionRecord } from '../store/store.js';

type Draft = Omit<AlertRecord, 'id' | 'raisedAt'>;

const make = (d: Draft, at: string): AlertRecord => ({ id: `alr_${randomUUID()}`, raisedAt: at, ...d });

export function worseDecisionAlert(record: DecisionRecord, changes: DecisionChange[], at: string): AlertRecord {
  return make(
    {
      type: 'decision.worse',
      dedupeKey: `decision.worse:${record.decisionId}`,
      severity: changes.some((c) => c.kind !== 'riskClassDowngrade') ? 'critical' : 'warning',
      policyId: record.policyId,
      customerId: record.customerId,
      approvalId: null,
      decisionId: record.decisionId,
      message: changes.map((c) => c.message).join(' '),
      details: { changes, outcome: record.outcome, riskClass: record.decision.riskClass, creditLimit: record.decision.creditLimit?.gross ?? null, exposure: record.exposure ?? null },
    },
    at,
  );
}

export function exposureAlert(record: DecisionRecord, exposure: number, grantedLimit: number, at: string): AlertRecord {
  return make(
    {
      type: 'exposure.overLimit',
      dedupeKey: `exposure.overLimit:${record.decisionId}`,
      severity: 'critical',
      policyId: record.policyId,
      customerId: record.customerId,
      approvalId: null,
      decisionId: record.decisionId,
      message: `Exposure ${exposure} is above the granted limit ${grantedLimit} (overrun ${exposure - grantedLimit}).`,
      details: { exposure, grantedLimit, overrun: exposure - grantedLimit },
    },
    at,
  );
}

export function overdueAlert(a: ApprovalRecord, at: string): AlertRecord {
  const hours = Math.floor((Date.parse(at) - Date.parse(a.openedAt)) / 3_600_000);
  return make(
    {
      type: 'approval.overdue',
      dedupeKey: `approval.overdue:${a.id}`,
      severity: 'warning',
      policyId: a.policyId,
      customerId: a.customerId,
      approvalId: a.id,
      decisionId: a.decisionId,
      message: `Approval request ${a.id} has waited ${hours} h at level ${a.requiredLevel}, past its service time (due ${a.dueAt}).`,
      details: { level: a.requiredLevel, openedAt: a.openedAt, dueAt: a.dueAt, requestedAmount: a.requestedAmount },
    },
    at,
  );
}

export function reviewDueAlert(a: ApprovalRecord, at: string): AlertRecord {
  return make(
    {
      type: 'limit.reviewDue',
      dedupeKey: `limit.reviewDue:${a.id}`,
      severity: 'warning',
      policyId: a.policyId,
      customerId: a.customerId,
      approvalId: a.id,
      decisionId: a.outcome?.manualDecisionId ?? a.decisionId,
      message: `The limit ${a.outcome?.amount} approved for ${a.customerId ?? 'an unnamed customer'} (class ${a.riskClass}) was due for review on ${a.outcome?.reviewDate}.`,
      details: { amount: a.outcome?.amount ?? null, riskClass: a.riskClass, reviewDate: a.outcome?.reviewDate ?? null, decidedBy: a.outcome?.decidedBy ?? null },
    },
    at,
  );
}

export const ALERT_TYPES: AlertType[] = [
  'decision.worse',
  'approval.overdue',
  'limit.reviewDue',
  'exposure.overLimit',
  'integrity.mismatch',
  // The customer credit file's watch (api/domain/customer-exposure.ts).
  'exposure.overCover',
  'exposure.overdueGrowth',
  'group.overLimit',
  'promise.missed',
  // Outcome monitoring (api/workflow/monitoring-pass.ts).
  'monitoring.psi',
  'monitoring.badRate',
];
