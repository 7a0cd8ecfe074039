/**
 * What the audit trail says about identity and workflow changes — users, API keys, approval
 * requests, alerts, webhooks — composed here, once, for every store. A store receives the event
 * whole (action, actor, comment, details) with the change and appends it in the same transaction;
 * it never names an action or chooses a detail. Policy and draft events are composed where their
 * rules live (draft-lifecycle.ts, publish-activate.ts). Never a key hash or a webhook secret.
 */
import type { AlertRecord, ApiKeyRecord, ApprovalRecord, AuditAction, AuditContext, AuditEvent, UserRecord, WebhookRecord } from '../store/store.js';
import type { ExperimentRecord } from '../store/experiment-store.js';

// Identity ----------------------------------------------------------------------------------------

export const userCreated = (user: UserRecord, audit: AuditContext): AuditEvent => ({
  action: 'user.created',
  details: { userId: user.id, roles: user.roles },
  audit,
});

export const keyCreated = (key: ApiKeyRecord, audit: AuditContext): AuditEvent => ({
  action: 'key.created',
  details: { keyId: key.id, userId: key.userId, prefix: key.prefix, ...(key.expiresAt ? { expiresAt: key.expiresAt } : {}) },
  audit,
});

export const keyRevoked = (key: ApiKeyRecord, audit: AuditContext): AuditEvent => ({
  action: 'key.revoked',
  details: { keyId: key.id, userId: key.userId },
  audit,
});

// Workflow ----------------------------------------------------------------------------------------

/**
 * How customers appear in the (hashed, never erased) audit trail: customer id → pseudonym from its
 * salt (customer-salts.ts `customerRefs`), so erasure — which destroys the salt — leaves the chain
 * intact and unlinkable. null: a store that keeps no salts (MongoDB): the id itself, as before.
 */
export type CustomerRefs = Readonly<Record<string, string>> | null;

const customerField = (customerId: string | null, refs: CustomerRefs) =>
  refs ? { customerRef: customerId ? (refs[customerId] ?? null) : null } : { customerId };

export type ApprovalAction = 'approval.opened' | 'approval.forwarded' | 'approval.approved' | 'approval.refused';

/**
 * The entry's policyId/version/contentHash columns stay null: they tell a policy document's own
 * history (GET /audit?policyId= is that story); the request's policy is in the details.
 */
export const approvalEvent = (action: ApprovalAction & AuditAction, a: ApprovalRecord, audit: AuditContext, refs: CustomerRefs): AuditEvent => ({
  action,
  details: {
    approvalId: a.id,
    policyId: a.policyId,
    version: a.version,
    decisionId: a.decisionId,
    ...customerField(a.customerId, refs),
    status: a.status,
    level: a.requiredLevel,
    requestedAmount: a.requestedAmount,
    ...(a.outcome ? { amount: a.outcome.amount, counterProposal: a.outcome.counterProposal, manualDecisionId: a.outcome.manualDecisionId, reviewDate: a.outcome.reviewDate } : {}),
  },
  audit,
});

/** One entry for the alerts raised together (only the new ones: the caller leaves out known dedupe keys). */
export const alertsRaised = (alerts: AlertRecord[], audit: AuditContext, refs: CustomerRefs): AuditEvent => ({
  action: 'alert.raised',
  details: { alerts: alerts.map((a) => ({ alertId: a.id, type: a.type, policyId: a.policyId, ...customerField(a.customerId, refs), approvalId: a.approvalId, decisionId: a.decisionId })) },
  audit,
});

const webhookDetails = (w: WebhookRecord): Record<string, unknown> => ({ webhookId: w.id, url: w.url, events: w.events });

export const webhookCreated = (w: WebhookRecord, audit: AuditContext): AuditEvent => ({ action: 'webhook.created', details: webhookDetails(w), audit });

export const webhookDeleted = (w: WebhookRecord, audit: AuditContext): AuditEvent => ({ action: 'webhook.deleted', details: webhookDetails(w), audit });

// Champion/challenger experiments -----------------------------------------------------------------

export type ExperimentAction =
  | 'experiment.proposed'
  | 'experiment.started'
  | 'experiment.changeProposed'
  | 'experiment.changeWithdrawn'
  | 'experiment.shareChanged'
  | 'experiment.withdrawn'
  | 'experiment.stopped'
  | 'experiment.promoted'
  | 'experiment.superseded';

/**
 * An experiment decides which version answers a policy's traffic, like an activation: the entry
 * carries the policy id, so GET /audit?policyId= tells that story too. Never the salt (it would
 * let anyone holding the trail recompute who is in which arm).
 */
export const experimentEvent = (action: ExperimentAction & AuditAction, e: ExperimentRecord, audit: AuditContext): AuditEvent => ({
  action,
  policyId: e.policyId,
  details: {
    experimentId: e.id,
    championVersion: e.championVersion,
    challengerVersion: e.challengerVersion,
    share: e.share,
    status: e.status,
    ...(e.pendingChange ? { pendingChange: { kind: e.pendingChange.kind, share: e.pendingChange.share, proposedBy: e.pendingChange.proposedBy } } : {}),
  },
  audit,
});
