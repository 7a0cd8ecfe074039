/**
 * The in-memory state of the file store's small collections, and the one function that changes it.
 * A commit = the full new records it writes + its audit entry. The same `applyCommit` runs when a
 * write is acknowledged and when the journal is replayed on open, so both paths agree by construction.
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
  /**
   * Commit counter (absent in journals written before it existed, where audit.seq orders commits):
   * replay after a snapshot skips commits ≤ the snapshot's, audit entry or not.
   */
  n?: number;
}

export interface StoreState {
  policies: Map<string, PolicyRecord>;
  drafts: Map<string, DraftRecord>;
  /** policyId → versions, index = version - 1 (numbers are contiguous). */
  versions: Map<string, VersionRecord[]>;
  users: Map<string, UserRecord>;
  keys: Map<string, ApiKeyRecord>;
  keyIdByHash: Map<string, string>;
  audit: AuditEntry[];
  approvals: Map<string, ApprovalRecord>;
  alerts: Map<string, AlertRecord>;
  alertKeys: Set<string>;
  webhooks: Map<string, WebhookRecord>;
  deliveries: Map<string, DeliveryRecord>;
  /** Number of the last commit applied (see Commit.n). */
  commits: number;
}

export function emptyState(): StoreState {
  return {
    policies: new Map(),
    drafts: new Map(),
    versions: new Map(),
    users: new Map(),
    keys: new Map(),
    keyIdByHash: new Map(),
    audit: [],
    approvals: new Map(),
    alerts: new Map(),
    alertKeys: new Set(),
    webhooks: new Map(),
    deliveries: new Map(),
    commits: 0,
  };
}

export function applyCommit(state: StoreState, commit: Commit): void {
  for (const change of commit.changes) applyChange(state, change);
  if (commit.audit) state.audit.push(commit.audit);
  if (commit.n !== undefined) state.commits = commit.n;
}

function applyChange(state: StoreState, change: Change): void {
  switch (change.kind) {
    case 'policy':
      state.policies.set(change.record.id, change.record);
      break;
    case 'draft':
      state.drafts.set(change.record.policyId, change.record);
      break;
    case 'version': {
      const list = state.versions.get(change.record.policyId) ?? [];
      list[change.record.version - 1] = change.record;
      state.versions.set(change.record.policyId, list);
      break;
    }
    case 'user':
      state.users.set(change.record.id, change.record);
      break;
    case 'key':
      state.keys.set(change.record.id, change.record);
      state.keyIdByHash.set(change.record.keyHash, change.record.id);
      break;
    case 'approval':
      state.approvals.set(change.record.id, change.record);
      break;
    case 'alert':
      state.alerts.set(change.record.id, change.record);
      state.alertKeys.add(change.record.dedupeKey);
      break;
    case 'webhook':
      state.webhooks.set(change.record.id, change.record);
      break;
    case 'delivery':
      state.deliveries.set(change.record.id, change.record);
      break;
  }
}

/** The whole state as plain JSON, for the snapshot written at compaction. */
export interface SnapshotData {
  lastSeq: number;
  policies: PolicyRecord[];
  drafts: DraftRecord[];
  versions: VersionRecord[];
  users: UserRecord[];
  keys: ApiKeyRecord[];
  audit: AuditEntry[];
  // Absent in snapshots written before the workflow existed.
  commits?: number;
  approvals?: ApprovalRecord[];
  alerts?: AlertRecord[];
  webhooks?: WebhookRecord[];
  deliveries?: DeliveryRecord[];
}

export function toSnapshot(state: StoreState): SnapshotData {
  return {
    lastSeq: state.audit.length ? state.audit[state.audit.length - 1].seq : 0,
    policies: [...state.policies.values()],
    drafts: [...state.drafts.values()],
    versions: [...state.versions.values()].flat(),
    users: [...state.users.values()],
    keys: [...state.keys.values()],
    audit: state.audit,
    commits: state.commits,
    approvals: [...state.approvals.values()],
    alerts: [...state.alerts.values()],
    webhooks: [...state.webhooks.values()],
    deliveries: [...state.deliveries.values()],
  };
}

export function fromSnapshot(data: SnapshotData): StoreState {
  const state = emptyState();
  for (const record of data.policies) state.policies.set(record.id, record);
  for (const record of data.drafts) state.drafts.set(record.policyId, record);
  for (const record of data.versions) applyChange(state, { kind: 'version', record });
  for (const record of data.users) state.users.set(record.id, record);
  for (const record of data.keys) applyChange(state, { kind: 'key', record });
  for (const record of data.approvals ?? []) applyChange(state, { kind: 'approval', record });
  for (const record of data.alerts ?? []) applyChange(state, { kind: 'alert', record });
  for (const record of data.webhooks ?? []) applyChange(state, { kind: 'webhook', record });
  for (const record of data.deliveries ?? []) applyChange(state, { kind: 'delivery', record });
  state.audit = data.audit;
  state.commits = data.commits ?? 0;
  return state;
}
