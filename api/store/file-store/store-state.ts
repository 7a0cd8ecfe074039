/**
 * The in-memory state of the file store's small collections, and the one function that changes it.
 * A commit = the full new records it writes + its audit entry. The same `applyCommit` runs when a
 * write is acknowledged and when the journal is replayed on open, so both paths agree by construction.
 */
import type { ApiKeyRecord, AuditEntry, DraftRecord, PolicyRecord, UserRecord, VersionRecord } from '../store.js';

export type Change =
  | { kind: 'policy'; record: PolicyRecord }
  | { kind: 'draft'; record: DraftRecord }
  | { kind: 'version'; record: VersionRecord }
  | { kind: 'user'; record: UserRecord }
  | { kind: 'key'; record: ApiKeyRecord };

export interface Commit {
  audit: AuditEntry;
  changes: Change[];
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
}

export function emptyState(): StoreState {
  return { policies: new Map(), drafts: new Map(), versions: new Map(), users: new Map(), keys: new Map(), keyIdByHash: new Map(), audit: [] };
}

export function applyCommit(state: StoreState, commit: Commit): void {
  for (const change of commit.changes) applyChange(state, change);
  state.audit.push(commit.audit);
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
  };
}

export function fromSnapshot(data: SnapshotData): StoreState {
  const state = emptyState();
  for (const record of data.policies) state.policies.set(record.id, record);
  for (const record of data.drafts) state.drafts.set(record.policyId, record);
  for (const record of data.versions) applyChange(state, { kind: 'version', record });
  for (const record of data.users) state.users.set(record.id, record);
  for (const record of data.keys) applyChange(state, { kind: 'key', record });
  state.audit = data.audit;
  return state;
}
