/**
 * The file store's state in memory, and the one function that changes it.
 *
 * What people edit (policies, drafts, versions, users, keys, webhooks) and webhook deliveries still
 * to send are held whole: they are few. What grows with traffic — the audit trail, approval
 * requests, alerts, delivery history — stays on disk in the journal lines that wrote it; memory
 * keeps an index of a few dozen bytes per record (`AuditIndex`, `RecordTable`), so memory does not
 * grow with the size of the records.
 *
 * A commit = the full new records it writes + its audit entry, one journal line. The same
 * `applyCommit` runs when a write is acknowledged and when the journal is replayed on open, so both
 * paths agree by construction.
 */
import type {
  AlertRecord,
  ApiKeyRecord,
  ApprovalRecord,
  AuditEntry,
  DeliveryRecord,
  DraftRecord,
  PolicyRecord,
  UserRecord,
  VersionRecord,
  WebhookRecord,
} from '../store.js';
import { AuditIndex, type AuditIndexData } from './audit-index.js';
import { KeyHashIndex, type KeyHashIndexData } from './key-hash-index.js';
import { RecordTable, type RecordTableData } from './record-table.js';

export type Change =
  | { kind: 'policy'; record: PolicyRecord }
  | { kind: 'draft'; record: DraftRecord }
  | { kind: 'version'; record: VersionRecord }
  | { kind: 'user'; record: UserRecord }
  | { kind: 'key'; record: ApiKeyRecord }
  | { kind: 'approval'; record: ApprovalRecord }
  | { kind: 'alert'; record: AlertRecord }
  | { kind: 'webhook'; record: WebhookRecord }
  | { kind: 'delivery'; record: DeliveryRecord };

export interface Commit {
  /** null for operational changes that are not audit events (webhook delivery attempts). */
  audit: AuditEntry | null;
  changes: Change[];
  /** Commit counter: replay after a snapshot skips commits ≤ the snapshot's, audit entry or not. */
  n: number;
}

/** Where a commit's line lies in the journal. */
export interface LinePlace {
  segment: number;
  offset: number;
  length: number;
}

export const approvalFields = ['status', 'policyId', 'customerId'] as const;
export const alertFields = ['type', 'policyId', 'customerId'] as const;
export const deliveryFields = ['subscriptionId', 'status'] as const;

export interface StoreState {
  policies: Map<string, PolicyRecord>;
  drafts: Map<string, DraftRecord>;
  /** policyId → versions, index = version - 1 (numbers are contiguous). */
  versions: Map<string, VersionRecord[]>;
  users: Map<string, UserRecord>;
  keys: Map<string, ApiKeyRecord>;
  keyIdByHash: Map<string, string>;
  webhooks: Map<string, WebhookRecord>;
  /** Deliveries still to attempt, whole (the sender and webhook deletion work on these). */
  pendingDeliveries: Map<string, DeliveryRecord>;
  audit: AuditIndex;
  approvals: RecordTable<(typeof approvalFields)[number]>;
  alerts: RecordTable<(typeof alertFields)[number]>;
  /** dedupeKey → alert row. */
  alertKeys: KeyHashIndex;
  deliveries: RecordTable<(typeof deliveryFields)[number]>;
  /** Number of the last commit applied (see Commit.n). */
  commits: number;
}

export function emptyState(): StoreState {
  return fromSnapshot(null);
}

export function applyCommit(state: StoreState, commit: Commit, line: LinePlace): void {
  commit.changes.forEach((change, i) => applyChange(state, change, { ...line, change: i }));
  if (commit.audit) state.audit.add(commit.audit, { ...line, change: -1 });
  state.commits = commit.n;
}

function applyChange(state: StoreState, change: Change, place: LinePlace & { change: number }): void {
  switch (change.kind) {
    case 'policy':
      state.policies.set(change.record.id, change.record);
      break;
    case 'draft':
      state.drafts.set(change.record.policyId, change.record);
      break;
    case 'version':
      putVersion(state, change.record);
      break;
    case 'user':
      state.users.set(change.record.id, change.record);
      break;
    case 'key':
      putKey(state, change.record);
      break;
    case 'approval': {
      const a = change.record;
      state.approvals.put(a.id, place, a.openedAt, { status: a.status, policyId: a.policyId, customerId: a.customerId }, a.dueAt);
      break;
    }
    case 'alert': {
      const a = change.record;
      state.alertKeys.set(a.dedupeKey, state.alerts.put(a.id, place, a.raisedAt, { type: a.type, policyId: a.policyId, customerId: a.customerId }));
      break;
    }
    case 'webhook':
      state.webhooks.set(change.record.id, change.record);
      break;
    case 'delivery': {
      const d = change.record;
      state.deliveries.put(d.id, place, d.createdAt, { subscriptionId: d.subscriptionId, status: d.status });
      if (d.status === 'pending') state.pendingDeliveries.set(d.id, d);
      else state.pendingDeliveries.delete(d.id);
      break;
    }
  }
}

function putVersion(state: StoreState, record: VersionRecord): void {
  const list = state.versions.get(record.policyId) ?? [];
  list[record.version - 1] = record;
  state.versions.set(record.policyId, list);
}

function putKey(state: StoreState, record: ApiKeyRecord): void {
  state.keys.set(record.id, record);
  state.keyIdByHash.set(record.keyHash, record.id);
}

/** The whole state as plain JSON, for the snapshot written when the journal starts a new segment. */
export interface SnapshotData {
  format: 2;
  /** Replay starts with this journal segment. */
  segment: number;
  commits: number;
  policies: PolicyRecord[];
  drafts: DraftRecord[];
  versions: VersionRecord[];
  users: UserRecord[];
  keys: ApiKeyRecord[];
  webhooks: WebhookRecord[];
  pendingDeliveries: DeliveryRecord[];
  audit: AuditIndexData;
  approvals: RecordTableData;
  alerts: RecordTableData;
  alertKeys: KeyHashIndexData;
  deliveries: RecordTableData;
}

export function toSnapshot(state: StoreState, segment: number): SnapshotData {
  return {
    format: 2,
    segment,
    commits: state.commits,
    policies: [...state.policies.values()],
    drafts: [...state.drafts.values()],
    versions: [...state.versions.values()].flat(),
    users: [...state.users.values()],
    keys: [...state.keys.values()],
    webhooks: [...state.webhooks.values()],
    pendingDeliveries: [...state.pendingDeliveries.values()],
    audit: state.audit.toJSON(),
    approvals: state.approvals.toJSON(),
    alerts: state.alerts.toJSON(),
    alertKeys: state.alertKeys.toJSON(),
    deliveries: state.deliveries.toJSON(),
  };
}

export function fromSnapshot(data: SnapshotData | null): StoreState {
  const state: StoreState = {
    policies: new Map(),
    drafts: new Map(),
    versions: new Map(),
    users: new Map(),
    keys: new Map(),
    keyIdByHash: new Map(),
    webhooks: new Map(),
    pendingDeliveries: new Map(),
    audit: new AuditIndex(data?.audit),
    approvals: new RecordTable(approvalFields, data?.approvals),
    alerts: new RecordTable(alertFields, data?.alerts),
    alertKeys: new KeyHashIndex(data?.alertKeys),
    deliveries: new RecordTable(deliveryFields, data?.deliveries),
    commits: data?.commits ?? 0,
  };
  if (!data) return state;
  for (const record of data.policies) state.policies.set(record.id, record);
  for (const record of data.drafts) state.drafts.set(record.policyId, record);
  for (const record of data.versions) putVersion(state, record);
  for (const record of data.users) state.users.set(record.id, record);
  for (const record of data.keys) putKey(state, record);
  for (const record of data.webhooks) state.webhooks.set(record.id, record);
  for (const record of data.pendingDeliveries) state.pendingDeliveries.set(record.id, record);
  return state;
}
