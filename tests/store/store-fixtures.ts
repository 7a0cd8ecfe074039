/** Documents and records the store tests write: a real reference policy and plausible decisions. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PolicyDocument } from '../../engine/model/policy-schema.js';
import type { Decision } from '../../engine/model/decision-schema.js';
import type { AlertRecord, ApprovalRecord, AuditEvent, CreditgraphStore, DecisionRecord, DeliveryRecord, DraftRecord, PolicyRecord, VersionRecord } from '../../api/store/store.js';
import { canonicalHash } from '../../api/store/canonical-hash.js';

const base = JSON.parse(readFileSync(fileURLToPath(new URL('../../rulesets/b2b-standard.json', import.meta.url)), 'utf8')) as PolicyDocument;

export function policyDoc(id: string, description = 'test policy'): PolicyDocument {
  return { ...structuredClone(base), id, name: `Policy ${id}`, description };
}

export const hashOf = (doc: PolicyDocument) => canonicalHash(doc);

let counter = 0;

export function decision(overrides: Partial<DecisionRecord> = {}): DecisionRecord {
  counter++;
  const outcome: Decision['outcome'] = overrides.outcome ?? 'accept';
  const body: Decision = {
    outcome,
    approvalLevel: outcome === 'escalate' ? 'creditAnalyst' : null,
    score: 612.5,
    scoreScale: { min: 0, max: 1000 },
    riskClass: 'B',
    creditLimit: { gross: 25000, unsecured: 15000, insurerCover: 10000, guarantees: 0, boundBy: 'equity' },
    collectionScenario: null,
    reasons: [{ code: 'LOW_EQUITY', message: 'Equity ratio 0.12 is low', nodeId: 'scorecard' }],
    scorecard: [],
    variables: { equityRatio: 0.12, dso: 45 },
  };
  return {
    decisionId: `d-${String(counter).padStart(6, '0')}-${Math.random().toString(36).slice(2, 8)}`,
    requestId: null,
    requestHash: null,
    policyId: 'p-dec',
    version: 1,
    contentHash: 'a'.repeat(64),
    customerId: 'c-1',
    facts: { amount: 25000, country: 'FR', 'odd.key': true, $weird: null },
    decision: body,
    outcome,
    caller: 'erp',
    evaluatedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, counter % 60)).toISOString(),
    source: 'automatic',
    relatesTo: null,
    ...overrides,
  };
}

export function approvalRecord(id: string, openedAt: string, customerId: string): ApprovalRecord {
  return {
    id,
    decisionId: `dec-${id}`,
    policyId: 'p-dec',
    version: 1,
    contentHash: 'a'.repeat(64),
    customerId,
    requestedAmount: 45000,
    authorityAmount: 45000,
    computedLimit: 28000,
    riskClass: 'B',
    requiredLevel: 'creditManager',
    reasons: [{ code: 'ABOVE_LIMIT', message: 'Requested 45,000 is above the limit 28,000' }],
    requestedBy: 'erp',
    status: 'pending',
    openedAt,
    updatedAt: openedAt,
    dueAt: null,
    revision: 1,
    history: [{ at: openedAt, by: 'erp', action: 'opened', level: 'creditManager', amount: 45000, comment: null }],
    outcome: null,
  };
}

export function alertRecord(id: string, dedupeKey: string, raisedAt: string, customerId: string): AlertRecord {
  return { id, type: 'exposure.overLimit', dedupeKey, severity: 'critical', policyId: 'p-dec', customerId, approvalId: null, decisionId: null, raisedAt, message: 'over', details: { $weird: 1, 'a.b': 2 } };
}

export function deliveryRecord(id: string, subscriptionId: string, eventId: string, at: string): DeliveryRecord {
  return { id, subscriptionId, event: 'approval.opened', eventId, payload: { id: eventId }, status: 'pending', attempts: 0, nextAttemptAt: at, createdAt: at, deliveredAt: null, log: [] };
}

// Records as the domain layer builds them: the store only stores them -----------------------------

let etags = 0;
export const etag = () => `etag-${++etags}-${Math.random().toString(36).slice(2, 8)}`;

export function policyRecord(id: string, at = '2026-01-01T00:00:00.000Z', by = 'ana'): PolicyRecord {
  return { id, name: `Policy ${id}`, createdAt: at, createdBy: by, activeVersion: null, latestVersion: null, updatedAt: at };
}

export function draftRecord(id: string, document: PolicyDocument = policyDoc(id), overrides: Partial<DraftRecord> = {}): DraftRecord {
  return {
    policyId: id,
    document,
    etag: etag(),
    status: 'editing',
    baseVersion: null,
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: 'ana',
    submittedAt: null,
    submittedBy: null,
    submitComment: null,
    editors: ['ana'],
    ...overrides,
  };
}

export function versionRecord(id: string, version: number, document: PolicyDocument = policyDoc(id), overrides: Partial<VersionRecord> = {}): VersionRecord {
  return {
    policyId: id,
    version,
    document,
    contentHash: hashOf(document),
    publishedAt: new Date(Date.UTC(2026, 0, 2, 0, 0, version)).toISOString(),
    author: 'ana',
    approvedBy: 'paul',
    submitComment: null,
    approveComment: null,
    ...overrides,
  };
}

/** An audit event for `action` by `actor`. */
export const event = (action: string, actor: string, comment?: string, facts: Omit<AuditEvent, 'action' | 'audit'> = {}): AuditEvent => ({
  action,
  ...facts,
  audit: { actor, ...(comment !== undefined ? { comment } : {}) },
});

/** Writes as the domain layer makes them, for tests about persistence (durability, crashes, round trips). */
export const writes = {
  async create(store: CreditgraphStore, document: PolicyDocument, actor = 'ana', comment?: string): Promise<DraftRecord> {
    const draft = draftRecord(document.id, document, { updatedBy: actor, editors: [actor] });
    await store.insertPolicy({ policy: policyRecord(document.id, undefined, actor), draft, audit: event('policy.created', actor, comment, { policyId: document.id, contentHash: hashOf(document) }) });
    return draft;
  },
  /** Replace the draft's document if its etag is still `expectEtag`. */
  save(store: CreditgraphStore, document: PolicyDocument, expectEtag: string, actor = 'ana', comment?: string): Promise<DraftRecord> {
    const draft = draftRecord(document.id, document, { updatedBy: actor });
    return store.putDraft({ draft, expectEtag, audit: event('draft.saved', actor, comment, { policyId: document.id, contentHash: hashOf(document) }) });
  },
  async submit(store: CreditgraphStore, policyId: string, expectEtag: string, actor = 'ana'): Promise<DraftRecord> {
    const current = (await store.getDraft(policyId))!;
    const draft: DraftRecord = { ...current, etag: etag(), status: 'submitted', submittedBy: actor, submittedAt: current.updatedAt };
    return store.putDraft({ draft, expectEtag, audit: event('draft.submitted', actor, undefined, { policyId, contentHash: hashOf(draft.document) }) });
  },
  /** Publish the draft whose etag is `expectEtag` as the next version (the first one active). */
  async publish(store: CreditgraphStore, policyId: string, expectEtag: string, approver = 'paul'): Promise<VersionRecord> {
    const [policy, current] = [(await store.getPolicy(policyId))!, (await store.getDraft(policyId))!];
    const n = (policy.latestVersion ?? 0) + 1;
    const version = versionRecord(policyId, n, current.document, { approvedBy: approver, author: current.submittedBy ?? current.updatedBy });
    const draft: DraftRecord = { ...current, etag: etag(), status: 'editing', baseVersion: n, submittedAt: null, submittedBy: null, editors: [] };
    await store.appendVersion({ version, draft, expectEtag, activate: policy.activeVersion === null, audit: event('version.published', approver, undefined, { policyId, version: n, contentHash: version.contentHash }) });
    return version;
  },
};
