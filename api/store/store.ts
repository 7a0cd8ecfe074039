/**
 * The store: one interface, two implementations (embedded files, MongoDB), one contract suite
 * (tests/store/store-contract.ts). Routes never touch files or collections; they call this.
 *
 * Every mutation commits its audit-trail entry atomically with the change: after a crash either
 * both are visible or neither is. Audit entries are hash-chained by the store (see audit-chain.ts).
 */
import type { PolicyDocument } from '../../engine/model/policy-schema.js';
import type { Decision } from '../../engine/model/decision-schema.js';

export type Role = 'viewer' | 'auditor' | 'author' | 'approver' | 'admin' | 'system';

/** Who did it and why: every mutation carries one, and it becomes the audit entry. */
export interface AuditContext {
  actor: string; // user id
  comment?: string;
  /** What changed, in a form auditors can read (e.g. the diff summary of a draft save). */
  details?: Record<string, unknown>;
}

export type AuditAction =
  | 'policy.created'
  | 'draft.saved'
  | 'draft.submitted'
  | 'draft.rejected'
  | 'version.published'
  | 'version.activated'
  | 'user.created'
  | 'key.created'
  | 'key.revoked'
  | (string & {}); // later features (approvals, webhooks) add their own actions

export interface AuditEntry {
  seq: number; // 1, 2, 3… contiguous across the whole store
  at: string; // ISO-8601
  actor: string;
  action: AuditAction;
  policyId: string | null;
  version: number | null;
  contentHash: string | null;
  comment: string | null;
  details: Record<string, unknown> | null;
  prevHash: string; // hash of entry seq-1 ('0'.repeat(64) for the first)
  hash: string; // sha-256 of the canonical JSON of every field above
}

export interface PolicyRecord {
  id: string;
  name: string;
  createdAt: string;
  createdBy: string;
  activeVersion: number | null;
  latestVersion: number | null;
  updatedAt: string;
}

export type DraftStatus = 'editing' | 'submitted';

export interface DraftRecord {
  policyId: string;
  document: PolicyDocument;
  /** Opaque revision tag: changes on every write; the HTTP ETag. */
  etag: string;
  status: DraftStatus;
  /** Version the draft was started from (null for a new policy). */
  baseVersion: number | null;
  updatedAt: string;
  updatedBy: string;
  submittedAt: string | null;
  submittedBy: string | null;
  submitComment: string | null;
}

export interface VersionRecord {
  policyId: string;
  version: number;
  document: PolicyDocument;
  contentHash: string; // sha-256 hex of the canonical JSON of the document
  publishedAt: string;
  author: string; // who submitted
  approvedBy: string;
  submitComment: string | null;
  approveComment: string | null;
}

export type VersionSummary = Omit<VersionRecord, 'document'>;

export interface DecisionRecord {
  decisionId: string;
  requestId: string | null;
  /** sha-256 of the canonical request body; a reused requestId with another body is a conflict. */
  requestHash: string | null;
  policyId: string;
  version: number;
  contentHash: string;
  customerId: string | null;
  facts: Record<string, unknown>;
  decision: Decision;
  outcome: Decision['outcome'];
  caller: string; // user id of the key that asked
  evaluatedAt: string;
  /** 'automatic' for the engine's answer; later features append 'manual' records beside it. */
  source: 'automatic' | 'manual';
  /** For a manual record: the decision it answers. */
  relatesTo: string | null;
  /** What the caller said the customer owes now (open invoices + orders), when it said so. */
  exposure?: number | null;
  /** How this decision is worse than the customer's previous one (workflow alerts). */
  changes?: DecisionChange[];
}

/** One way a new decision is worse than the customer's previous one. */
export interface DecisionChange {
  kind: 'riskClassDowngrade' | 'limitBelowExposure' | 'refuseAfterAccept';
  from: unknown;
  to: unknown;
  message: string;
  /** The previous decision compared with. */
  previousDecisionId: string;
}

export interface DecisionFilter {
  policyId?: string;
  customerId?: string;
  outcome?: Decision['outcome'];
  from?: string; // ISO, inclusive
  to?: string; // ISO, exclusive
  cursor?: string; // opaque, from a previous page
  limit?: number; // default 50, at most 500
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface UserRecord {
  id: string;
  name: string;
  roles: Role[];
  /** Delegation level id (approval workflow), e.g. 'creditAnalyst'. */
  delegationLevel: string | null;
  createdAt: string;
  disabled: boolean;
}

export interface ApiKeyRecord {
  id: string;
  userId: string;
  /** sha-256 hex of the secret; the secret itself is never stored. */
  keyHash: string;
  /** First characters of the key, to recognise it in lists. */
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

// Approval workflow, alerts, webhooks (issue 8) ---------------------------------------------------

export type ApprovalStatus = 'pending' | 'approved' | 'refused';

/** One step of a request's life, oldest first: who did what at which level, and why. */
export interface ApprovalStep {
  at: string;
  by: string;
  action: 'opened' | 'forwarded' | 'approved' | 'refused';
  /** The level the request sat at after this step. */
  level: string;
  amount: number | null;
  comment: string | null;
}

export interface ApprovalOutcome {
  action: 'approve' | 'refuse';
  /** The amount granted (approve); lower than requested = a counter-proposal. */
  amount: number | null;
  counterProposal: boolean;
  decidedBy: string;
  decidedAt: string;
  comment: string;
  /** The 'manual' record appended to the decision log. */
  manualDecisionId: string;
  /** When a person-decided limit must be reviewed (approve only; per risk class). */
  reviewDate: string | null;
}

export interface ApprovalRecord {
  id: string;
  /** The automatic 'escalate' decision that opened the request. */
  decisionId: string;
  policyId: string;
  version: number;
  contentHash: string;
  customerId: string | null;
  requestedAmount: number | null;
  /** The amount the delegation levels are compared with (e.g. net of insurer cover). */
  authorityAmount: number | null;
  computedLimit: number | null;
  riskClass: string | null;
  requiredLevel: string;
  reasons: { code: string; message: string }[];
  /** User id of the key that asked for the decision (may not decide it). */
  requestedBy: string;
  status: ApprovalStatus;
  openedAt: string;
  updatedAt: string;
  /** openedAt + the policy's service time; null when the policy sets none. */
  dueAt: string | null;
  /** Bumped on every change: the compare-and-set token of updateApproval. */
  revision: number;
  history: ApprovalStep[];
  outcome: ApprovalOutcome | null;
}

export interface ApprovalFilter {
  status?: ApprovalStatus;
  policyId?: string;
  customerId?: string;
  /** Only requests whose dueAt is set and at or before this instant (ISO): what the overdue sweep needs. */
  dueBy?: string;
}

export type AlertType = 'decision.worse' | 'approval.overdue' | 'limit.reviewDue' | 'exposure.overLimit';

export interface AlertRecord {
  id: string;
  type: AlertType;
  /** One alert per key: raising the same situation twice (sweeps, retries) is a no-op. */
  dedupeKey: string;
  severity: 'warning' | 'critical';
  policyId: string | null;
  customerId: string | null;
  approvalId: string | null;
  decisionId: string | null;
  raisedAt: string;
  message: string;
  details: Record<string, unknown>;
}

export interface AlertFilter {
  type?: AlertType;
  policyId?: string;
  customerId?: string;
  from?: string; // ISO, inclusive
  limit?: number; // default 50, at most 500
}

export type WebhookEvent = 'approval.opened' | 'approval.decided' | 'alert.raised';

export interface WebhookRecord {
  id: string;
  url: string;
  events: WebhookEvent[];
  /** HMAC-SHA256 key of the signature header; needed in clear to sign, shown once at creation. */
  secret: string;
  description: string | null;
  active: boolean;
  createdAt: string;
  createdBy: string;
}

export interface DeliveryAttempt {
  at: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** The outbox: one row per (event, subscription), written with the change that caused the event. */
export interface DeliveryRecord {
  id: string;
  subscriptionId: string;
  event: WebhookEvent;
  /** Id of the approval or alert the event is about. */
  eventId: string;
  payload: Record<string, unknown>;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
  log: DeliveryAttempt[];
}

export interface CreditgraphStore {
  readonly kind: 'file' | 'sqlite' | 'mongodb';
  /** Opens files / connects and creates indexes. Throws StoreError('UNAVAILABLE') when it cannot. */
  init(): Promise<void>;
  close(): Promise<void>;
  /** True when the store can serve reads and writes now (readiness probe). */
  ping(): Promise<boolean>;

  // Policies, drafts, versions --------------------------------------------------------------
  listPolicies(): Promise<PolicyRecord[]>;
  getPolicy(policyId: string): Promise<PolicyRecord | null>;
  /** New policy with its first draft. CONFLICT if the id exists. */
  createPolicy(input: { document: PolicyDocument; audit: AuditContext }): Promise<{ policy: PolicyRecord; draft: DraftRecord }>;
  getDraft(policyId: string): Promise<DraftRecord | null>;
  /**
   * Replace the draft's document. PRECONDITION_FAILED when ifMatch is not the current etag;
   * CONFLICT when the draft is submitted (awaiting approval). Creates the draft when the policy
   * has none and ifMatch is '*' ('*' also matches an existing draft, as in HTTP). Status stays 'editing'.
   */
  saveDraft(policyId: string, input: { document: PolicyDocument; ifMatch: string; audit: AuditContext }): Promise<DraftRecord>;
  /** editing → submitted. CONFLICT if already submitted. */
  submitDraft(policyId: string, input: { ifMatch?: string; audit: AuditContext }): Promise<DraftRecord>;
  /** submitted → editing. CONFLICT if not submitted. */
  rejectDraft(policyId: string, input: { audit: AuditContext }): Promise<DraftRecord>;
  /**
   * Publish the submitted draft as version latest+1 (numbers unique and contiguous even under
   * concurrent calls: exactly one of two racing publishes of the same draft etag wins, the other
   * gets PRECONDITION_FAILED or CONFLICT). The draft goes back to 'editing' with baseVersion = the
   * new version. The first published version is also activated.
   */
  publishDraft(
    policyId: string,
    input: { ifMatch: string; contentHash: string; approvedBy: string; approveComment: string | null; audit: AuditContext },
  ): Promise<VersionRecord>;
  listVersions(policyId: string): Promise<VersionSummary[]>;
  getVersion(policyId: string, version: number): Promise<VersionRecord | null>;
  /** NOT_FOUND if the version does not exist. */
  activateVersion(policyId: string, input: { version: number; audit: AuditContext }): Promise<PolicyRecord>;

  // Audit trail -------------------------------------------------------------------------------
  /** Newest first (seq descending). */
  listAudit(filter: { policyId?: string; cursor?: string; limit?: number }): Promise<Page<AuditEntry>>;
  /** Every entry in seq order (for chain verification). */
  allAudit(): AsyncIterable<AuditEntry>;
  /** For audit actions that change nothing else in the store (e.g. later workflow features). */
  appendAudit(input: { action: AuditAction; policyId?: string; version?: number; contentHash?: string; audit: AuditContext }): Promise<AuditEntry>;

  // Decision log ------------------------------------------------------------------------------
  /**
   * Append a decision. Idempotent on (policyId, requestId): if one is stored already, returns it
   * with duplicate = true and stores nothing (even under 1,000 concurrent calls).
   */
  appendDecision(record: DecisionRecord): Promise<{ record: DecisionRecord; duplicate: boolean }>;
  getDecision(decisionId: string): Promise<DecisionRecord | null>;
  findDecisionByRequestId(policyId: string, requestId: string): Promise<DecisionRecord | null>;
  /** Newest first: by evaluatedAt, then decisionId, both descending. A cursor the store did not issue → NOT_FOUND. */
  listDecisions(filter: DecisionFilter): Promise<Page<DecisionRecord>>;

  // Users and API keys ------------------------------------------------------------------------
  createUser(user: UserRecord, audit: AuditContext): Promise<UserRecord>; // CONFLICT on duplicate id
  getUser(userId: string): Promise<UserRecord | null>;
  listUsers(): Promise<UserRecord[]>;
  createApiKey(key: ApiKeyRecord, audit: AuditContext): Promise<ApiKeyRecord>;
  findApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | null>;
  listApiKeys(userId: string): Promise<ApiKeyRecord[]>;
  /** NOT_FOUND if unknown; revoking twice is a no-op. */
  revokeApiKey(keyId: string, audit: AuditContext): Promise<ApiKeyRecord>;

  // Approval requests, alerts, webhooks ---------------------------------------------------------
  // Each change commits with its audit entry AND its outbox rows (webhook deliveries), so an event
  // is delivered if and only if the change happened.
  /** CONFLICT if the id exists. Audit action 'approval.opened'. */
  createApproval(input: { approval: ApprovalRecord; deliveries: DeliveryRecord[]; audit: AuditContext }): Promise<ApprovalRecord>;
  getApproval(approvalId: string): Promise<ApprovalRecord | null>;
  /** Oldest first (openedAt, then id). */
  listApprovals(filter: ApprovalFilter): Promise<ApprovalRecord[]>;
  /**
   * Replace a request with its next state. NOT_FOUND if unknown; PRECONDITION_FAILED when the stored
   * revision is not expectRevision (someone else decided or forwarded it meanwhile).
   */
  updateApproval(input: { approval: ApprovalRecord; expectRevision: number; action: AuditAction; deliveries: DeliveryRecord[]; audit: AuditContext }): Promise<ApprovalRecord>;
  /**
   * Store the alerts whose dedupeKey is new (with the deliveries whose eventId is one of them), in
   * one commit with one 'alert.raised' audit entry; returns the new ones ([] = nothing written).
   */
  raiseAlerts(input: { alerts: AlertRecord[]; deliveries: DeliveryRecord[]; audit: AuditContext }): Promise<AlertRecord[]>;
  /** Newest first (raisedAt, then id). */
  listAlerts(filter: AlertFilter): Promise<AlertRecord[]>;
  /** CONFLICT if the id exists. Audit action 'webhook.created' (never the secret). */
  createWebhook(webhook: WebhookRecord, audit: AuditContext): Promise<WebhookRecord>;
  getWebhook(webhookId: string): Promise<WebhookRecord | null>;
  listWebhooks(): Promise<WebhookRecord[]>;
  /** NOT_FOUND if unknown; its pending deliveries are marked failed. Audit action 'webhook.deleted'. */
  deleteWebhook(webhookId: string, audit: AuditContext): Promise<WebhookRecord>;
  /** Pending deliveries due at `now` (nextAttemptAt ≤ now), oldest first. */
  listDueDeliveries(now: string, limit: number): Promise<DeliveryRecord[]>;
  /** Newest first. */
  listDeliveries(filter: { subscriptionId?: string; status?: DeliveryRecord['status']; limit?: number }): Promise<DeliveryRecord[]>;
  /**
   * Save a delivery after an attempt (no audit entry: the delivery log is its own trail). NOT_FOUND if
   * unknown; PRECONDITION_FAILED if its attempts count moved (another dispatcher tried it meanwhile).
   */
  saveDeliveryAttempt(delivery: DeliveryRecord, expectAttempts: number): Promise<DeliveryRecord>;
}

export type StoreErrorCode = 'NOT_FOUND' | 'CONFLICT' | 'PRECONDITION_FAILED' | 'UNAVAILABLE';

/** The only error a store throws on purpose; the API maps codes to 404 / 409 / 412 / 503. */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
