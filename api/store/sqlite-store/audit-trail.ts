/**
 * The audit trail: append (next link of the hash chain, inside the caller's write transaction, so
 * a change and its entry commit together), page newest first by seq, and read everything in order.
 */
import { buildAuditEntry } from '../audit-chain.js';
import type { AuditEntry, AuditEvent } from '../store.js';
import type { Db } from './database.js';

const PAGE = 500;

export class AuditTrail {
  private readonly s;

  constructor(
    db: Db,
    /** The server's audit key: entries appended get a MAC (see audit-chain.ts). */
    private readonly key: Buffer | null = null,
  ) {
    this.s = {
      last: db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1'),
      insert: db.prepare<[number, string | null, string, string]>('INSERT INTO audit (seq, policy_id, hash, json) VALUES (?, ?, ?, ?)'),
      newest: db.prepare<[number, number], { json: string }>('SELECT json FROM audit WHERE seq < ? ORDER BY seq DESC LIMIT ?'),
      newestOfPolicy: db.prepare<[string, number, number], { json: string }>('SELECT json FROM audit WHERE policy_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?'),
      after: db.prepare<[number, number, number], { json: string }>('SELECT json FROM audit WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?'),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM audit'),
    };
  }

  /** Call inside a write transaction. */
  append(at: string, facts: AuditEvent): AuditEntry {
    const entry = buildAuditEntry(this.s.last.get() ?? null, at, facts, this.key);
    this.s.insert.run(entry.seq, entry.policyId, entry.hash, JSON.stringify(entry));
    return entry;
  }

  /** Newest first, seq below `before`; one more than `limit` tells whether a next page exists. */
  newest(limit: number, before: number, policyId?: string): AuditEntry[] {
    const below = Number.isFinite(before) ? before : Number.MAX_SAFE_INTEGER;
    const rows = policyId === undefined ? this.s.newest.all(below, limit + 1) : this.s.newestOfPolicy.all(policyId, below, limit + 1);
    return rows.map((r) => JSON.parse(r.json) as AuditEntry);
  }

  lastSeq(): number {
    return this.s.last.get()?.seq ?? 0;
  }

  /** Entries after `seq` up to `upTo`, a page at a time (no statement stays open between pages). */
  page(after: number, upTo: number): AuditEntry[] {
    return this.s.after.all(after, upTo, PAGE).map((r) => JSON.parse(r.json) as AuditEntry);
  }

  count(): number {
    return this.s.count.get()!.n;
  }
}
