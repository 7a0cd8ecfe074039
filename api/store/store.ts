/**
 * The store: one interface, two implementations (embedded SQLite, MongoDB), one contract suite
 * (tests/store/store-contract.ts). Only the domain layer (api/domain/) and the workflow it drives
 * call it; routes never touch files or collections.
 *
 * A store is persistence only: get, indexed query, compare-and-set, append. It holds no business
 * rule — who may approve, which status a draft may leave, what an audit entry says: the domain
 * builds the records and the audit event, the store checks only what persistence must
 * (the id is new, the etag/revision has not moved, the version number is the next one) and writes.
 *
 * Every mutation takes its audit event already composed (AuditEvent: action, actor, comment,
 * details — api/domain/audit-events.ts for identity and workflow) and commits it atomically with
 * the change: after a crash either both are visible or neither is. The store only numbers, times
 * and hash-chains the entry (see audit-chain.ts).
 */
import type { DecisionConditions } from '../../engine/model/decision-schema.js';
import type { Static } from '@sinclair/typebox';
import type { PolicyDocument } from '../../engine/model/policy-schema.js';
import type { Decision } from '../../engine/model/decision-schema.js';
import type * as Schemas from '../schemas.js';
import type { JobRecord, LeaseRecord } from './coordination.js';
import type { CustomerStore } from './customer-store.js';
import type { ExperimentStore } from './experiment-store.js';
import type { OutcomeStore } from './outcome-store.js';
import type { CampaignStore } from './campaign-store.js';

export type { JobRecord, JobState, LeaseRecord } from './coordination.js';

export type Role = 'viewer' | 'auditor' | 'author' | 'approver' | 'admin' | 'system';

/** Who did it and why: part of every mutation's audit event. */
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

/** An audit entry to chain with a change: the domain says what happened, the store numbers and hashes it. */
export interface AuditEvent {
  action: AuditAction;
  policyId?: string | null;
  version?: number | null;
  contentHash?: string | null;
  /** Facts of the change (ids, counts…); the context's own details win on a clash. */
  details?: Record<string, unknown>;
  audit: AuditContext;
}

/** One link of the hash chain (schema: AuditEntry). */
export type AuditEntry = Static<typeof Schemas.AuditEntry> & { action: AuditAction };

/** A policy: its name, who made it, which version decides (schema: PolicyRecord). */
export type PolicyRecord = Static<typeof Schemas.PolicyRecord>;

export type DraftStatus = Static<typeof Schemas.DraftStatus>;

/**
 * The one draft of a policy (schema: DraftRecord; its document is a policy document in progress).
 * `etag` changes on every write (the HTTP ETag); `baseVersion` is the version it started from;
 * `editors` are everyone who changed the content since the last published version (absent on
 * drafts stored before it existed): none of them may approve it.
 */
export type DraftRecord = Omit<Static<typeof Schemas.DraftRecord>, 'document'> & { document: PolicyDocument };

/** A published, immutable version; contentHash is the sha-256 of its canonical JSON (schema: VersionRecord). */
export type VersionRecord = Omit<Static<typeof Schemas.VersionRecord>, 'document'> & { document: PolicyDocument };

export type VersionSummary = Static<typeof Schemas.VersionSummary>;

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
  /** The seal (api/integrity/decision-seal.ts): sha-256 of the record without its personal fields, with personalHash; absent on older records. */
  recordHash?: string;
  /** HMAC-SHA256 of the personal fields (customerId, facts, exposure, requestHash) with the customer's salt. */
  personalHash?: string;
  /** When its personal data was erased (customer request or retention): customerId null, facts {}. */
  erasedAt?: string;
  /**
   * Where each fact came from when the customer's credit file filled the request (api/domain/
   * customer-facts.ts): 'request' = the caller sent it; else the stored fact's source and asOf, or
   * source 'file' for a figure the file computes (exposure, group figures). `facts` holds the merged
   * facts, so a replay re-evaluates exactly what was decided. Absent when the file was not read.
   */
  factSources?: Record<string, 'request' | { source: string; asOf: string }>;
  /**
   * Set when a champion/challenger experiment ran on the policy (api/domain/experiments.ts):
   * which experiment, which arm answered (this record's version/decision/outcome are that arm's),
   * and the other arm's answer, evaluated in shadow on the same facts and never acted on.
   * Covered by the seal like every non-personal field. Absent when no experiment ran.
   */
  experiment?: DecisionExperiment;
}

/** The champion/challenger part of a logged decision (DecisionRecord.experiment). */
export interface DecisionExperiment {
  experimentId: string;
  /** The arm that answered: its version is the record's `version`. */
  arm: 'champion' | 'challenger';
  /** The other arm's answer on the same facts (not acted on); `problem` and null fields when its version refused the facts. */
  shadow: {
    arm: 'champion' | 'challenger';
    version: number;
    contentHash: string;
    outcome: Decision['outcome'] | null;
    score: number | null;
    riskClass: string | null;
    /** The gross credit limit. */
    creditLimit: number | null;
    approvalLevel: string | null;
    problem?: string;
  };
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
  /** When the key stops working on its own (optional; absent or null = never). */
  expiresAt?: string | null;
  /** When the key last authenticated a request (recorded at most every few minutes; absent = never). */
  lastUsedAt?: string | null;
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
  /** Accept with conditions (approve only): the policy's conditions as the approver kept or changed them. */
  conditions?: DecisionConditions | null;
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
  /** Only requests whose outcome's reviewDate is set and at or before this instant (ISO): the review sweep. */
  reviewDueBy?: string;
}

export type AlertType =
  | 'decision.worse'
  | 'approval.overdue'
  | 'limit.reviewDue'
  | 'exposure.overLimit'
  | 'integrity.mismatch'
  // The customer credit file's watch (api/domain/customer-exposure.ts), raised without a decision call.
  | 'exposure.overCover'
  | 'exposure.overdueGrowth'
  | 'group.overLimit'
  | 'promise.missed'
  // Outcome monitoring (api/workflow/monitoring-pass.ts).
  | 'monitoring.psi'
  | 'monitoring.badRate';

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

/** Policies & versions: a policy, its one draft (compare-and-set on the etag), its immutable, contiguous versions. */
export interface PolicyStore {
  listPolicies(): Promise<PolicyRecord[]>;
  getPolicy(policyId: string): Promise<PolicyRecord | null>;
  /** Insert a new policy with its first draft. CONFLICT if the id exists. */
  insertPolicy(input: { policy: PolicyRecord; draft: DraftRecord; audit: AuditEvent }): Promise<void>;
  getDraft(policyId: string): Promise<DraftRecord | null>;
  /**
   * Compare-and-set the draft of an existing policy: written only when the stored draft's etag is
   * `expectEtag` (null: only when the policy has no draft). NOT_FOUND when the policy does not
   * exist; PRECONDITION_FAILED when the etag moved (of racing writers with one etag, one wins).
   */
  putDraft(input: { draft: DraftRecord; expectEtag: string | null; audit: AuditEvent }): Promise<DraftRecord>;
  /**
   * Append an immutable version and replace the draft, in one commit. PRECONDITION_FAILED when the
   * draft's etag is not `expectEtag`; CONFLICT when `version.version` is not latestVersion + 1
   * (numbers stay unique and contiguous under concurrent calls); NOT_FOUND without the policy.
   * The policy's latestVersion, name (the document's) and updatedAt (publishedAt) follow the new
   * version; its activeVersion becomes it when `activate`. Returns the updated policy.
   */
  appendVersion(input: { version: VersionRecord; draft: DraftRecord; expectEtag: string; activate: boolean; audit: AuditEvent }): Promise<PolicyRecord>;
  listVersions(policyId: string): Promise<VersionSummary[]>;
  getVersion(policyId: string, version: number): Promise<VersionRecord | null>;
  /** Point the policy at a published version (updatedAt = `at`). NOT_FOUND if the policy or the version does not exist. */
  setActiveVersion(input: { policyId: string; version: number; at: string; audit: AuditEvent }): Promise<PolicyRecord>;
}

/** The audit trail: hash-chained entries; every mutation of every aggregate also appends its entry atomically. */
export interface AuditStore {
  /** Newest first (seq descending). */
  listAudit(filter: { policyId?: string; cursor?: string; limit?: number }): Promise<Page<AuditEntry>>;
  /** Every entry in seq order (for chain verification). */
  allAudit(): AsyncIterable<AuditEntry>;
  /** For audit actions that change nothing else in the store (e.g. later workflow features). */
  appendAudit(input: { action: AuditAction; policyId?: string; version?: number; contentHash?: string; audit: AuditContext }): Promise<AuditEntry>;
}

/** The decision log: append-only, idempotent on (policyId, requestId), indexed by customer, outcome and time. */
export interface DecisionLogStore {
  /**
   * Append a decision. Idempotent on (policyId, requestId): if one is stored already, returns it
   * with duplicate = true and stores nothing (even under 1,000 concurrent calls).
   */
  appendDecision(record: DecisionRecord): Promise<{ record: DecisionRecord; duplicate: boolean }>;
  getDecision(decisionId: string): Promise<DecisionRecord | null>;
  findDecisionByRequestId(policyId: string, requestId: string): Promise<DecisionRecord | null>;
  /** Newest first: by evaluatedAt, then decisionId, both descending. A cursor the store did not issue → NOT_FOUND. */
  listDecisions(filter: DecisionFilter): Promise<Page<DecisionRecord>>;
  /**
   * The customer's newest decision under a policy (as `listDecisions` orders them), only the fields
   * a new decision is compared with — read without the whole record (it is on every decision's path).
   * `decision.variables.approvedAmount` only when it is a number.
   */
  latestDecisionOf(policyId: string, customerId: string): Promise<PreviousDecision | null>;
}

/** What a new decision is compared with (what got worse, the limit an exposure is checked against). */
export interface PreviousDecision {
  decisionId: string;
  outcome: DecisionRecord['outcome'];
  source: DecisionRecord['source'];
  decision: { riskClass: string | null; creditLimit: { gross: number } | null; variables?: Record<string, unknown> };
}

/** Users and their API keys (only key hashes are stored). Each change appends the `audit` event it is given. */
export interface IdentityStore {
  createUser(user: UserRecord, audit: AuditEvent): Promise<UserRecord>; // CONFLICT on duplicate id
  getUser(userId: string): Promise<UserRecord | null>;
  listUsers(): Promise<UserRecord[]>;
  /** NOT_FOUND when the user does not exist; CONFLICT on a duplicate id or key hash. */
  createApiKey(key: ApiKeyRecord, audit: AuditEvent): Promise<ApiKeyRecord>;
  getApiKey(keyId: string): Promise<ApiKeyRecord | null>;
  findApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | null>;
  listApiKeys(userId: string): Promise<ApiKeyRecord[]>;
  /**
   * Sets revokedAt (now) with its audit event. NOT_FOUND if unknown; a key revoked already is
   * returned unchanged and nothing is written (no entry: nothing changed).
   */
  revokeApiKey(keyId: string, audit: AuditEvent): Promise<ApiKeyRecord>;
  /**
   * Records that a key was used at `at` (sets lastUsedAt). No audit entry: a use is not a change,
   * and callers throttle it. NOT_FOUND if unknown.
   */
  touchApiKey(keyId: string, at: string): Promise<void>;
}

/** Approval requests (compare-and-set on revision), alerts (one per dedupe key), webhooks and their outbox. */
export interface WorkflowStore {
  // Each change commits with its audit event (composed by the domain) AND its outbox rows (webhook
  // deliveries), so an event is delivered if and only if the change happened.
  /** CONFLICT if the id exists. */
  createApproval(input: { approval: ApprovalRecord; deliveries: DeliveryRecord[]; audit: AuditEvent }): Promise<ApprovalRecord>;
  getApproval(approvalId: string): Promise<ApprovalRecord | null>;
  /** Oldest first (openedAt, then id). */
  listApprovals(filter: ApprovalFilter): Promise<ApprovalRecord[]>;
  /**
   * Replace a request with its next state. NOT_FOUND if unknown; PRECONDITION_FAILED when the stored
   * revision is not expectRevision (someone else decided or forwarded it meanwhile).
   */
  updateApproval(input: { approval: ApprovalRecord; expectRevision: number; deliveries: DeliveryRecord[]; audit: AuditEvent }): Promise<ApprovalRecord>;
  /** Which of these dedupe keys have an alert stored. */
  knownAlertKeys(dedupeKeys: string[]): Promise<string[]>;
  /**
   * Store these alerts (each with a new dedupeKey) and their deliveries in one commit with the
   * audit event. CONFLICT, and nothing written, when one of the dedupe keys is stored already or
   * repeated (someone raised it meanwhile: read the known keys again).
   */
  raiseAlerts(input: { alerts: AlertRecord[]; deliveries: DeliveryRecord[]; audit: AuditEvent }): Promise<AlertRecord[]>;
  /** Newest first (raisedAt, then id). */
  listAlerts(filter: AlertFilter): Promise<AlertRecord[]>;
  /** CONFLICT if the id exists. */
  createWebhook(webhook: WebhookRecord, audit: AuditEvent): Promise<WebhookRecord>;
  getWebhook(webhookId: string): Promise<WebhookRecord | null>;
  listWebhooks(): Promise<WebhookRecord[]>;
  /** NOT_FOUND if unknown (or deleted already); its pending deliveries are marked failed. */
  deleteWebhook(webhookId: string, audit: AuditEvent): Promise<WebhookRecord>;
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

/**
 * Personal data kept apart (SQLite and MongoDB; the stores that can erase): one random salt per
 * customer, and the erasure of a customer's data or of decisions older than a retention limit.
 * What to erase and how a record is anonymised is the domain's (it passes `anonymise`).
 */
export interface ErasureStore {
  /** The salts of these customers; missing ones are created when `create` (in one commit). */
  customerSalts(customerIds: string[], create: boolean): Promise<Record<string, string>>;
  /**
   * appendDecision for a customer that had no salt when the record was sealed with `salt`: the salt
   * is stored in the decision's own commit (one fsync, not two). If the customer has another salt
   * by then (a concurrent first decision), nothing is stored: PRECONDITION_FAILED, seal again with
   * that salt. A known (policyId, requestId) answers the stored decision, as appendDecision does.
   */
  appendDecisionWithSalt(record: DecisionRecord, salt: string): Promise<{ record: DecisionRecord; duplicate: boolean }>;
  /**
   * One commit: every decision of the customer rewritten by `anonymise`, the customer id removed
   * from its approval requests, alerts and review-campaign report lines, its credit file deleted,
   * its salt destroyed, and the audit entry appended.
   */
  eraseCustomer(input: { customerId: string; at: string; anonymise: (r: DecisionRecord) => DecisionRecord; audit: AuditEvent }): Promise<{ decisions: number; approvals: number; alerts: number; /** The customer's credit file (0 or 1), with its open items and exposure. */ customerFiles?: number; /** Lines of review-campaign reports that lost the customer id. */ campaignLines?: number }>;
  /** Decisions evaluated before `before` and not yet erased, rewritten by `anonymise` (at most `limit`), with one audit entry when any. */
  anonymiseDecisionsBefore(input: { before: string; limit: number; anonymise: (r: DecisionRecord) => DecisionRecord; audit: AuditEvent }): Promise<number>;
}

/** Retention of approval requests and alerts (a store may erase without it: those kinds then answer 503). */
export interface RecordRetentionStore {
  /**
   * Retention's candidates: approval requests (opened before `before`) or alerts (raised before it)
   * that still name a customer, oldest first, after the keyset position `after` (at, id).
   */
  customerRecordsBefore(kind: 'approvals', input: { before: string; after: { at: string; id: string } | null; limit: number }): Promise<ApprovalRecord[]>;
  customerRecordsBefore(kind: 'alerts', input: { before: string; after: { at: string; id: string } | null; limit: number }): Promise<AlertRecord[]>;
  /**
   * One commit: the customer id removed from these approval requests and alerts (and from the
   * webhook deliveries that announced them), with the audit entry. Returns how many were rewritten.
   */
  removeCustomerIds(input: { approvals: string[]; alerts: string[]; audit: AuditEvent }): Promise<{ approvals: number; alerts: number }>;
}

export const canErase = (store: CreditgraphStore): store is CreditgraphStore & ErasureStore => typeof (store as Partial<ErasureStore>).eraseCustomer === 'function';
export const canRetainRecords = (store: CreditgraphStore): store is CreditgraphStore & RecordRetentionStore => typeof (store as Partial<RecordRetentionStore>).removeCustomerIds === 'function';

/** What several instances need to cooperate (leases, claimed deliveries, simulation jobs): see coordination.ts. */
export interface CoordinationStore {
  /**
   * Take or renew the lease `name` for `owner` until `at` + `ttlMs`: succeeds when nobody holds it,
   * its holder's expiry is at or before `at`, or `owner` holds it already. One atomic
   * compare-and-set: of racing callers, one gets it. Returns the lease now held by `owner`, or null.
   */
  acquireLease(input: { name: string; owner: string; at: string; ttlMs: number }): Promise<LeaseRecord | null>;
  /** Give the lease up if `owner` holds it (true), else change nothing (false). */
  releaseLease(name: string, owner: string): Promise<boolean>;
  getLease(name: string): Promise<LeaseRecord | null>;

  /**
   * Claim the pending deliveries due at `now` (nextAttemptAt ≤ now), oldest first, by moving their
   * nextAttemptAt to `until` in the same atomic step: a claimed delivery is due for nobody else
   * until then (if the claimer dies mid-send, it becomes due again). Returns them as claimed.
   */
  claimDueDeliveries(input: { now: string; until: string; limit: number }): Promise<DeliveryRecord[]>;

  /**
   * Store a new job if fewer than `maxActive` jobs are queued or running with a live claim at
   * `job.createdAt`; false (nothing written) when that many are. CONFLICT if the id exists.
   */
  insertJob(job: JobRecord, maxActive: number): Promise<boolean>;
  /** Replace a job if `job.owner` still holds it (false: another instance took it, or it is gone). */
  updateJob(job: JobRecord): Promise<boolean>;
  getJob(jobId: string): Promise<JobRecord | null>;
  /** A policy's jobs, newest first, without their result bytes (null). */
  listJobs(policyId: string, limit: number): Promise<JobRecord[]>;
  /** Delete finished jobs beyond the newest `keep` (all policies together); returns how many went. */
  forgetJobs(keep: number): Promise<number>;
}

/** The whole store: one implementation per backend, every aggregate in it, one contract suite. */
export interface CreditgraphStore
  extends PolicyStore, AuditStore, DecisionLogStore, IdentityStore, WorkflowStore, CoordinationStore, CustomerStore, CampaignStore, ExperimentStore<AuditEvent>, OutcomeStore {
  readonly kind: 'sqlite' | 'mongodb';
  /** Opens files / connects and creates indexes. Throws StoreError('UNAVAILABLE') when it cannot. */
  init(): Promise<void>;
  close(): Promise<void>;
  /** True when the store can serve reads and writes now (readiness probe). */
  ping(): Promise<boolean>;
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
