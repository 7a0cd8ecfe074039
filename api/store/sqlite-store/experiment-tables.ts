/**
 * Champion/challenger experiments (../experiment-store.ts). Kept whole as JSON; beside it the
 * columns the queries use. A partial unique index holds a policy to one open experiment
 * (proposed or running): of two racing proposals, one is stored. Every method runs inside the
 * caller's transaction. The table and its indexes: migration `// 4: experiments` in schema.ts.
 */
import type { ExperimentRecord } from '../experiment-store.js';
import { OPEN_EXPERIMENT_STATUSES } from '../experiment-store.js';
import type { Db } from './database.js';

const openPolicy = (e: ExperimentRecord) => (OPEN_EXPERIMENT_STATUSES.includes(e.status) ? e.policyId : null);
const parse = (r: { json: string }) => JSON.parse(r.json) as ExperimentRecord;

export class ExperimentTables {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      get: db.prepare<[string], { json: string; revision: number }>('SELECT json, revision FROM experiments WHERE id = ?'),
      open: db.prepare<[string], { json: string }>('SELECT json FROM experiments WHERE open_policy = ?'),
      insert: db.prepare<[string, string, string, string | null, string, number, string]>(
        'INSERT INTO experiments (id, policy_id, status, open_policy, proposed_at, revision, json) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      update: db.prepare<[string, string | null, number, string, string]>('UPDATE experiments SET status = ?, open_policy = ?, revision = ?, json = ? WHERE id = ?'),
      newest: db.prepare<[number], { json: string }>('SELECT json FROM experiments ORDER BY proposed_at DESC, id DESC LIMIT ?'),
      ofPolicy: db.prepare<[string, number], { json: string }>('SELECT json FROM experiments WHERE policy_id = ? ORDER BY proposed_at DESC, id DESC LIMIT ?'),
    };
  }

  get(id: string): ExperimentRecord | null {
    const row = this.s.get.get(id);
    return row ? parse(row) : null;
  }

  revisionOf(id: string): number | null {
    return this.s.get.get(id)?.revision ?? null;
  }

  open(policyId: string): ExperimentRecord | null {
    const row = this.s.open.get(policyId);
    return row ? parse(row) : null;
  }

  /** 'taken' when the policy has an open experiment already, 'exists' when the id does. */
  insert(e: ExperimentRecord): 'ok' | 'exists' | 'taken' {
    if (this.s.get.get(e.id)) return 'exists';
    const slot = openPolicy(e);
    if (slot && this.s.open.get(slot)) return 'taken';
    this.s.insert.run(e.id, e.policyId, e.status, slot, e.proposedAt, e.revision, JSON.stringify(e));
    return 'ok';
  }

  /** 'taken' when the new state would open a second experiment on the policy. */
  update(e: ExperimentRecord): 'ok' | 'taken' {
    const slot = openPolicy(e);
    const holder = slot ? this.open(slot) : null;
    if (holder && holder.id !== e.id) return 'taken';
    this.s.update.run(e.status, slot, e.revision, JSON.stringify(e), e.id);
    return 'ok';
  }

  list(policyId: string | undefined, limit: number): ExperimentRecord[] {
    return (policyId === undefined ? this.s.newest.all(limit) : this.s.ofPolicy.all(policyId, limit)).map(parse);
  }
}
