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
      firstFrom: db.prepare<[string], { first: number | null }>(
        'SELECT min(c.seq) AS first FROM decisions d JOIN decision_chain c ON c.decision_id = d.decision_id WHERE d.evaluated_at >= ?',
      ),
      link: db.prepare<[number], { mac: string }>('SELECT mac FROM decision_chain WHERE seq = ?'),
      dropDecisions: db.prepare<[number]>('DELETE FROM decisions WHERE decision_id IN (SELECT decision_id FROM decision_chain WHERE seq <= ?)'),
      dropLinks: db.prepare<[number]>('DELETE FROM decision_chain WHERE seq <= ?'),
      movePruned: db.prepare<[number, string]>('UPDATE decision_chain_head SET pruned_seq = ?, pruned_mac = ? WHERE id = 1'),
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

  headOnly(): { seq: number; mac: string } {
    const h = this.s.head.get();
    return { seq: h?.seq ?? 0, mac: h?.mac ?? '' };
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

  /** The lowest seq whose decision was evaluated at or after `from` (null: none). */
  firstSeqFrom(from: string): number | null {
    return this.s.firstFrom.get(from)?.first ?? null;
  }

  /**
   * Deletes the decisions linked up to `upToSeq` and their links; the chain then starts after
   * `upToSeq` with its link `mac` (checked: a chain that moved meanwhile is refused). Call inside a
   * write transaction, with the audit entry that makes it lawful.
   */
  prune(upToSeq: number, mac: string): number | null {
    if (this.s.link.get(upToSeq)?.mac !== mac) return null;
    const n = this.s.dropDecisions.run(upToSeq).changes;
    this.s.dropLinks.run(upToSeq);
    this.s.movePruned.run(upToSeq, mac);
    return n;
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
