/**
 * How records are laid out in MongoDB. Policy documents, decision payloads and audit details are
 * stored as JSON strings: they may contain keys MongoDB treats specially ("$schema", dotted or
 * "$"-prefixed fact names), and a string round-trips exactly — which the content and audit hashes
 * need. The fields that are queried or indexed are kept as real fields beside them; their times
 * (a decision's evaluatedAt, an alert's raisedAt, an approval request's openedAt, dueAt and review
 * date) are BSON Dates, so bounds compare instants, whatever offset a caller wrote, and a TTL index
 * is possible. Records handed to and returned by the store keep their ISO strings (from the JSON).
 */
import type {
  AlertRecord,
  ApiKeyRecord,
  ApprovalRecord,
  AuditEntry,
  DecisionRecord,
  DeliveryRecord,
  DraftRecord,
  PolicyRecord,
  UserRecord,
  VersionRecord,
  WebhookRecord,
} from '../store.js';

export type PolicyDoc = PolicyRecord & { _id: string };
export type UserDoc = UserRecord & { _id: string };
export type ApiKeyDoc = ApiKeyRecord & { _id: string };
export type DraftDoc = Omit<DraftRecord, 'document'> & { _id: string; documentJson: string };
export type VersionDoc = Omit<VersionRecord, 'document'> & { documentJson: string };
export type AuditDoc = Omit<AuditEntry, 'details'> & { detailsJson: string | null };
export type DecisionDoc = Pick<DecisionRecord, 'decisionId' | 'requestId' | 'policyId' | 'customerId' | 'outcome'> & {
  evaluatedAt: Date;
  /** When the decision was anonymised (erasure or retention); null or absent: it was not. */
  erasedAt?: Date | null;
  recordJson: string;
};

/** An ISO 8601 time of a record as the Date stored beside it (null stays null). */
export function bsonDate(iso: string): Date;
export function bsonDate(iso: string | null | undefined): Date | null;
export function bsonDate(iso: string | null | undefined): Date | null {
  if (iso === null || iso === undefined) return null;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 instant: ${iso}`);
  return new Date(ms);
}

/** Drops MongoDB's _id (and anything else not in the record). */
function without_id<T extends { _id?: unknown }>(doc: T): Omit<T, '_id'> {
  const { _id, ...rest } = doc;
  return rest;
}

export const policyFromDoc = (doc: PolicyDoc): PolicyRecord => without_id(doc);
export const userFromDoc = (doc: UserDoc): UserRecord => without_id(doc);
export const apiKeyFromDoc = (doc: ApiKeyDoc): ApiKeyRecord => without_id(doc);

export function draftToDoc(draft: DraftRecord): DraftDoc {
  const { document, ...rest } = draft;
  return { _id: draft.policyId, ...rest, documentJson: JSON.stringify(document) };
}

export function draftFromDoc(doc: DraftDoc): DraftRecord {
  const { _id, documentJson, ...rest } = doc;
  return { ...rest, document: JSON.parse(documentJson) };
}

export function versionToDoc(version: VersionRecord): VersionDoc {
  const { document, ...rest } = version;
  return { ...rest, documentJson: JSON.stringify(document) };
}

export function versionFromDoc(doc: VersionDoc & { _id?: unknown }): VersionRecord {
  const { _id, documentJson, ...rest } = doc;
  return { ...rest, document: JSON.parse(documentJson) };
}

export function auditToDoc(entry: AuditEntry): AuditDoc {
  const { details, ...rest } = entry;
  return { ...rest, detailsJson: details === null ? null : JSON.stringify(details) };
}

export function auditFromDoc(doc: AuditDoc & { _id?: unknown }): AuditEntry {
  const { _id, detailsJson, ...rest } = doc;
  return { ...rest, details: detailsJson === null ? null : JSON.parse(detailsJson) };
}

export function decisionToDoc(record: DecisionRecord): DecisionDoc {
  const { decisionId, requestId, policyId, customerId, outcome, evaluatedAt, erasedAt } = record;
  return { decisionId, requestId, policyId, customerId, outcome, evaluatedAt: bsonDate(evaluatedAt), erasedAt: bsonDate(erasedAt), recordJson: JSON.stringify(record) };
}

export const decisionFromDoc = (doc: DecisionDoc): DecisionRecord => JSON.parse(doc.recordJson);

// Workflow records: the queried fields as fields, the whole record as JSON (exact round-trip, any keys).
export type ApprovalDoc = Pick<ApprovalRecord, 'status' | 'policyId' | 'customerId' | 'revision'> & { _id: string; openedAt: Date; dueAt: Date | null; recordJson: string; reviewDate?: Date | null };
export type AlertDoc = Pick<AlertRecord, 'type' | 'dedupeKey' | 'policyId' | 'customerId'> & { _id: string; raisedAt: Date; recordJson: string };
export type WebhookDoc = WebhookRecord & { _id: string };
export type DeliveryDoc = Pick<DeliveryRecord, 'subscriptionId' | 'status' | 'nextAttemptAt' | 'createdAt' | 'attempts'> & { _id: string; recordJson: string };

export function approvalToDoc(a: ApprovalRecord): ApprovalDoc {
  return { _id: a.id, status: a.status, policyId: a.policyId, customerId: a.customerId, openedAt: bsonDate(a.openedAt), dueAt: bsonDate(a.dueAt), revision: a.revision, reviewDate: bsonDate(a.outcome?.reviewDate), recordJson: JSON.stringify(a) };
}
export function alertToDoc(a: AlertRecord): AlertDoc {
  return { _id: a.id, type: a.type, dedupeKey: a.dedupeKey, policyId: a.policyId, customerId: a.customerId, raisedAt: bsonDate(a.raisedAt), recordJson: JSON.stringify(a) };
}
export function deliveryToDoc(d: DeliveryRecord): DeliveryDoc {
  return { _id: d.id, subscriptionId: d.subscriptionId, status: d.status, nextAttemptAt: d.nextAttemptAt, createdAt: d.createdAt, attempts: d.attempts, recordJson: JSON.stringify(d) };
}
export const recordFromDoc = <T>(doc: { recordJson: string }): T => JSON.parse(doc.recordJson) as T;
export const webhookFromDoc = (doc: WebhookDoc): WebhookRecord => without_id(doc);

/**
 * The queried times of each collection, stored as ISO strings by earlier versions: turned into
 * Dates in place at start (idempotent: only string values match), so old and new documents compare.
 */
export const DATE_FIELDS = {
  decisions: ['evaluatedAt'],
  alerts: ['raisedAt'],
  approvals: ['openedAt', 'dueAt', 'reviewDate'],
} as const;
