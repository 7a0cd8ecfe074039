/**
 * Reads of the decision log's chain (migration 4). Links are written by the decision writer
 * (decision-commit-worker.mjs) in the same transaction as their decisions.
 */
import type { DecisionChainLink, DecisionChainState } from '../decision-chain-store.js';
import type { Db } from './database.js';

interface LinkRow {
  seq: number;
  decision_id: string;
  record_hash: string | null;
  mac: string;
  present: number;
  stored_hash: string | null;
}

export class DecisionChainTables {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      head: db.prepare<[], { seq: number; mac: string; pruned_seq: number; pruned_mac: string; unchained: number }>(
        'SELECT seq, mac, pruned_seq, pruned_mac, unchained FROM decision_chain_head WHERE id = 1',
      ),
      unchained: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM decisions d WHERE NOT EXISTS (SELECT 1 FROM decision_chain c WHERE c.decision_id = d.decision_id)'),
      links: db.prepare<[number, number], LinkRow>(
        `SELECT c.seq, c.decision_id, c.record_hash, c.mac, d.decision_id IS NOT NULL AS present, json_extract(d.json, '$.recordHash') AS stored_hash
         FROM decision_chain c LEFT JOIN decisions d ON d.decision_id = c.decision_id WHERE c.seq > ? ORDER BY c.seq LIMIT ?`,
      ),
    };
  }

  state(): DecisionChainState {
    const h = this.s.head.get();
    // A database whose head row was deleted: an empty chain, which verification compares with the checkpoints.
    const head = h ?? { seq: 0, mac: '', pruned_seq: 0, pruned_mac: '', unchained: 0 };
    return {
      head: { seq: head.seq, mac: head.mac },
      pruned: { seq: head.pruned_seq, mac: head.pruned_mac },
      unchainedAtStart: head.unchained,
      unchained: this.s.unchained.get()!.n,
    };
  }

  links(afterSeq: number, limit: number): DecisionChainLink[] {
    return this.s.links.all(afterSeq, limit).map((r) => ({
      seq: r.seq,
      decisionId: r.decision_id,
      recordHash: r.record_hash,
      mac: r.mac,
      present: r.present === 1,
      storedRecordHash: r.stored_hash,
    }));
  }
}
