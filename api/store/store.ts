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

export interface CreditgraphStore {
  readonly kind: 'file' | 'mongodb';
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
