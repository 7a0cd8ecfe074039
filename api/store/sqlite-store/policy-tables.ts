/** Policies, drafts and versions: get, put and list primitives (no rule: the domain builds the records). */
import type { DraftRecord, PolicyRecord, VersionRecord, VersionSummary } from '../store.js';
import type { Db } from './database.js';

export class PolicyTables {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      getPolicy: db.prepare<[string], { json: string }>('SELECT json FROM policies WHERE id = ?'),
      listPolicies: db.prepare<[], { json: string }>('SELECT json FROM policies ORDER BY id'),
      putPolicy: db.prepare<[string, string]>('INSERT INTO policies (id, json) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json'),
      insertPolicy: db.prepare<[string, string]>('INSERT INTO policies (id, json) VALUES (?, ?)'),
      getDraft: db.prepare<[string], { json: string }>('SELECT json FROM drafts WHERE policy_id = ?'),
      putDraft: db.prepare<[string, string]>('INSERT INTO drafts (policy_id, json) VALUES (?, ?) ON CONFLICT (policy_id) DO UPDATE SET json = excluded.json'),
      getVersion: db.prepare<[string, number], { summary: string; document: string }>('SELECT summary, document FROM versions WHERE policy_id = ? AND version = ?'),
      getSummary: db.prepare<[string, number], { summary: string }>('SELECT summary FROM versions WHERE policy_id = ? AND version = ?'),
      listVersions: db.prepare<[string], { summary: string }>('SELECT summary FROM versions WHERE policy_id = ? ORDER BY version'),
      // Plain INSERT: a version number is written once (published versions are immutable).
      insertVersion: db.prepare<[string, number, string, string]>('INSERT INTO versions (policy_id, version, summary, document) VALUES (?, ?, ?, ?)'),
    };
  }

  getPolicy(id: string): PolicyRecord | null {
    const row = this.s.getPolicy.get(id);
    return row ? (JSON.parse(row.json) as PolicyRecord) : null;
  }

  listPolicies(): PolicyRecord[] {
    return this.s.listPolicies.all().map((r) => JSON.parse(r.json) as PolicyRecord);
  }

  /** Inserts a new policy; false when the id is taken. */
  insertPolicy(policy: PolicyRecord): boolean {
    if (this.s.getPolicy.get(policy.id)) return false;
    this.s.insertPolicy.run(policy.id, JSON.stringify(policy));
    return true;
  }

  putPolicy(policy: PolicyRecord): void {
    this.s.putPolicy.run(policy.id, JSON.stringify(policy));
  }

  getDraft(policyId: string): DraftRecord | null {
    const row = this.s.getDraft.get(policyId);
    return row ? (JSON.parse(row.json) as DraftRecord) : null;
  }

  putDraft(draft: DraftRecord): void {
    this.s.putDraft.run(draft.policyId, JSON.stringify(draft));
  }

  getVersion(policyId: string, version: number): VersionRecord | null {
    const row = this.s.getVersion.get(policyId, version);
    if (!row) return null;
    const summary = JSON.parse(row.summary) as VersionSummary;
    return restoreVersion(summary, JSON.parse(row.document));
  }

  getVersionSummary(policyId: string, version: number): VersionSummary | null {
    const row = this.s.getSummary.get(policyId, version);
    return row ? (JSON.parse(row.summary) as VersionSummary) : null;
  }

  listVersions(policyId: string): VersionSummary[] {
    return this.s.listVersions.all(policyId).map((r) => JSON.parse(r.summary) as VersionSummary);
  }

  insertVersion(version: VersionRecord): void {
    const { document, ...summary } = version;
    this.s.insertVersion.run(version.policyId, version.version, JSON.stringify(summary), JSON.stringify(document));
  }
}

/** A version record with its keys in the order the other stores return them. */
function restoreVersion(summary: VersionSummary, document: VersionRecord['document']): VersionRecord {
  const { policyId, version, ...rest } = summary;
  return { policyId, version, document, ...rest };
}
