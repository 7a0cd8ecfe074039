/**
 * ─── BUSINESS RULES KEPT HERE ONLY UNTIL THE DOMAIN LAYER TAKES THEM ───────────────────────────
 * Today's CreditgraphStore interface makes the store enforce the draft life cycle (editing ⇄
 * submitted → published), the ETag checks, who counts as a version's author, first-version
 * activation, and what each change's audit entry says. These functions reproduce the file store's
 * rules exactly, as pure functions (current records in, next records + audit facts out), and are
 * the ONLY place in sqlite-store/ that holds them: delete this module when api/domain/ owns them
 * and the store interface becomes persistence primitives (the SQL is all in the *-tables modules).
 */
import { randomBytes } from 'node:crypto';
import type { AuditFacts } from '../audit-chain.js';
import { canonicalHash } from '../canonical-hash.js';
import { StoreError, type AuditContext, type DraftRecord, type PolicyRecord, type VersionRecord } from '../store.js';
import type { PolicyDocument } from '../../../engine/model/policy-schema.js';

const newEtag = () => randomBytes(12).toString('base64url');

export function editingDraft(policyId: string, document: PolicyDocument, baseVersion: number | null, at: string, actor: string): DraftRecord {
  return { policyId, document, etag: newEtag(), status: 'editing', baseVersion, updatedAt: at, updatedBy: actor, submittedAt: null, submittedBy: null, submitComment: null };
}

export function requirePolicy(policy: PolicyRecord | null, policyId: string): PolicyRecord {
  if (!policy) throw new StoreError('NOT_FOUND', `policy ${policyId} does not exist`);
  return policy;
}

export function requireDraft(draft: DraftRecord | null, policyId: string): DraftRecord {
  if (!draft) throw new StoreError('NOT_FOUND', `policy ${policyId} has no draft`);
  return draft;
}

const staleEtag = (policyId: string) => new StoreError('PRECONDITION_FAILED', `the draft of ${policyId} has changed since it was read (stale ETag)`);

export function createPolicyRule(document: PolicyDocument, audit: AuditContext, at: string) {
  const id = document.id;
  const policy: PolicyRecord = { id, name: document.name, createdAt: at, createdBy: audit.actor, activeVersion: null, latestVersion: null, updatedAt: at };
  const draft = editingDraft(id, document, null, at, audit.actor);
  const facts: AuditFacts = { action: 'policy.created', policyId: id, contentHash: canonicalHash(document), audit };
  return { policy, draft, facts };
}

export function saveDraftRule(policy: PolicyRecord, current: DraftRecord | null, input: { document: PolicyDocument; ifMatch: string; audit: AuditContext }, at: string) {
  const policyId = policy.id;
  if (current) {
    if (input.ifMatch !== '*' && input.ifMatch !== current.etag) throw staleEtag(policyId);
    if (current.status === 'submitted') throw new StoreError('CONFLICT', `the draft of ${policyId} is submitted for approval; reject it before editing`);
  } else if (input.ifMatch !== '*') {
    throw new StoreError('PRECONDITION_FAILED', `policy ${policyId} has no draft; create one with If-Match: *`);
  }
  const draft = editingDraft(policyId, input.document, current ? current.baseVersion : policy.latestVersion, at, input.audit.actor);
  const facts: AuditFacts = { action: 'draft.saved', policyId, version: draft.baseVersion, contentHash: canonicalHash(input.document), audit: input.audit };
  return { draft, facts };
}

export function submitDraftRule(current: DraftRecord, input: { ifMatch?: string; audit: AuditContext }, at: string) {
  const policyId = current.policyId;
  if (input.ifMatch !== undefined && input.ifMatch !== '*' && input.ifMatch !== current.etag) throw staleEtag(policyId);
  if (current.status === 'submitted') throw new StoreError('CONFLICT', `the draft of ${policyId} is already submitted`);
  const draft: DraftRecord = { ...current, status: 'submitted', etag: newEtag(), submittedAt: at, submittedBy: input.audit.actor, submitComment: input.audit.comment ?? null };
  const facts: AuditFacts = { action: 'draft.submitted', policyId, version: draft.baseVersion, contentHash: canonicalHash(draft.document), audit: input.audit };
  return { draft, facts };
}

export function rejectDraftRule(current: DraftRecord, input: { audit: AuditContext }, at: string) {
  const policyId = current.policyId;
  if (current.status !== 'submitted') throw new StoreError('CONFLICT', `the draft of ${policyId} is not submitted`);
  const draft: DraftRecord = { ...current, status: 'editing', etag: newEtag(), updatedAt: at, updatedBy: input.audit.actor, submittedAt: null, submittedBy: null, submitComment: null };
  const facts: AuditFacts = { action: 'draft.rejected', policyId, version: draft.baseVersion, contentHash: canonicalHash(draft.document), audit: input.audit };
  return { draft, facts };
}

export function publishDraftRule(
  policy: PolicyRecord,
  current: DraftRecord,
  input: { ifMatch: string; contentHash: string; approvedBy: string; approveComment: string | null; audit: AuditContext },
  at: string,
) {
  const policyId = policy.id;
  if (input.ifMatch !== current.etag) throw staleEtag(policyId);
  if (current.status !== 'submitted') throw new StoreError('CONFLICT', `the draft of ${policyId} is not submitted for approval`);
  const number = (policy.latestVersion ?? 0) + 1;
  const version: VersionRecord = {
    policyId,
    version: number,
    document: current.document,
    contentHash: input.contentHash,
    publishedAt: at,
    author: current.submittedBy ?? current.updatedBy,
    approvedBy: input.approvedBy,
    submitComment: current.submitComment,
    approveComment: input.approveComment,
  };
  const activate = policy.activeVersion === null;
  const nextPolicy: PolicyRecord = { ...policy, name: current.document.name, latestVersion: number, activeVersion: activate ? number : policy.activeVersion, updatedAt: at };
  const draft: DraftRecord = { ...current, status: 'editing', etag: newEtag(), baseVersion: number, submittedAt: null, submittedBy: null, submitComment: null };
  const facts: AuditFacts = { action: 'version.published', policyId, version: number, contentHash: input.contentHash, details: { activated: activate }, audit: input.audit };
  return { version, policy: nextPolicy, draft, facts };
}

export function activateVersionRule(policy: PolicyRecord, version: { version: number; contentHash: string } | null, input: { version: number; audit: AuditContext }, at: string) {
  if (!version) throw new StoreError('NOT_FOUND', `policy ${policy.id} has no version ${input.version}`);
  const next: PolicyRecord = { ...policy, activeVersion: version.version, updatedAt: at };
  const facts: AuditFacts = { action: 'version.activated', policyId: policy.id, version: version.version, contentHash: version.contentHash, details: { previous: policy.activeVersion }, audit: input.audit };
  return { policy: next, facts };
}
