/**
 * What the audit trail says about workflow changes, shared by both stores so an entry reads the
 * same whichever store wrote it. Never a webhook secret.
 */
import type { AlertRecord, ApprovalRecord, WebhookRecord } from './store.js';

/**
 * The entry's policyId/version/contentHash columns stay null: they tell a policy document's own
 * history (GET /audit?policyId= is that story); the request's policy is in the details.
 */
export function approvalAuditFacts(a: ApprovalRecord): { details: Record<string, unknown> } {
  return {
    details: {
      approvalId: a.id,
      policyId: a.policyId,
      version: a.version,
      decisionId: a.decisionId,
      customerId: a.customerId,
      status: a.status,
      level: a.requiredLevel,
      requestedAmount: a.requestedAmount,
      ...(a.outcome ? { amount: a.outcome.amount, counterProposal: a.outcome.counterProposal, manualDecisionId: a.outcome.manualDecisionId, reviewDate: a.outcome.reviewDate } : {}),
    },
  };
}

export const alertAuditDetails = (alerts: AlertRecord[]): Record<string, unknown> => ({
  alerts: alerts.map((a) => ({ alertId: a.id, type: a.type, policyId: a.policyId, customerId: a.customerId, approvalId: a.approvalId, decisionId: a.decisionId })),
});

export const webhookAuditDetails = (w: WebhookRecord): Record<string, unknown> => ({ webhookId: w.id, url: w.url, events: w.events });
