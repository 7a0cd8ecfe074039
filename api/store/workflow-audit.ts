/**
 * What the audit trail says about workflow changes, shared by both stores so an entry reads the
 * same whichever store wrote it. Never a webhook secret.
 */
import type { AlertRecord, ApprovalRecord, WebhookRecord } from './store.js';

/**
 * How a customer appears in the (hashed, never erased) audit trail: a pseudonym from its salt
 * (`customerRef`), so erasure — which destroys the salt — leaves the chain intact and unlinkable.
 * Without one (the file store) the id itself, as before.
 */
export type CustomerRef = (customerId: string) => string;

const customerField = (customerId: string | null, ref?: CustomerRef) => (ref ? { customerRef: customerId ? ref(customerId) : null } : { customerId });

/**
 * The entry's policyId/version/contentHash columns stay null: they tell a policy document's own
 * history (GET /audit?policyId= is that story); the request's policy is in the details.
 */
export function approvalAuditFacts(a: ApprovalRecord, ref?: CustomerRef): { details: Record<string, unknown> } {
  return {
    details: {
      approvalId: a.id,
      policyId: a.policyId,
      version: a.version,
      decisionId: a.decisionId,
      ...customerField(a.customerId, ref),
      status: a.status,
      level: a.requiredLevel,
      requestedAmount: a.requestedAmount,
      ...(a.outcome ? { amount: a.outcome.amount, counterProposal: a.outcome.counterProposal, manualDecisionId: a.outcome.manualDecisionId, reviewDate: a.outcome.reviewDate } : {}),
    },
  };
}

export const alertAuditDetails = (alerts: AlertRecord[], ref?: CustomerRef): Record<string, unknown> => ({
  alerts: alerts.map((a) => ({ alertId: a.id, type: a.type, policyId: a.policyId, ...customerField(a.customerId, ref), approvalId: a.approvalId, decisionId: a.decisionId })),
});

export const webhookAuditDetails = (w: WebhookRecord): Record<string, unknown> => ({ webhookId: w.id, url: w.url, events: w.events });
