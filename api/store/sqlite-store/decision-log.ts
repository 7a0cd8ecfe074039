/**
 * The decision log: indexed queries (by policy, customer, outcome, time; newest first with
 * cursors; by requestId), and group-committed appends — appends arriving together (in the same
 * turn of the event loop, or within `groupCommitMs`) share one transaction and so one fsync of the
 * WAL; each caller is answered only after that commit.
 */
import type Database from 'better-sqlite3';
import { decodeDecisionCursor, encodeDecisionCursor, pageLimit } from '../pagination.js';
import { StoreError, type DecisionFilter, type DecisionRecord, type Page } from '../store.js';
import { write, type Db, type WriteFault } from './database.js';

const MAX_BATCH = 2000;

type Statement = Database.Statement<unknown[], unknown>;

export class DecisionTable {
  private readonly s;
  private readonly queries = new Map<string, Statement>();

  constructor(private readonly db: Db) {
    this.s = {
      get: db.prepare<[string], { json: string }>('SELECT json FROM decisions WHERE decision_id = ?'),
      byRequest: db.prepare<[string, string], { json: string }>('SELECT json FROM decisions WHERE policy_id = ? AND request_id = ?'),
      insert: db.prepare<[string, string, string | null, string | null, string, string, string]>(
        'INSERT INTO decisions (decision_id, policy_id, request_id, customer_id, outcome, evaluated_at, json) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM decisions'),
    };
  }

  get(decisionId: string): DecisionRecord | null {
    const row = this.s.get.get(decisionId);
    return row ? (JSON.parse(row.json) as DecisionRecord) : null;
  }

  findByRequest(policyId: string, requestId: string): DecisionRecord | null {
    const row = this.s.byRequest.get(policyId, requestId);
    return row ? (JSON.parse(row.json) as DecisionRecord) : null;
  }

  exists(decisionId: string): boolean {
    return this.s.get.get(decisionId) !== undefined;
  }

  insert(record: DecisionRecord, json: string): void {
    this.s.insert.run(record.decisionId, record.policyId, record.requestId, record.customerId, record.outcome, record.evaluatedAt, json);
  }

  count(): number {
    return this.s.count.get()!.n;
  }

  /** Newest first by (evaluatedAt, decisionId); each filter combination is one prepared, indexed query. */
  list(filter: DecisionFilter): Page<DecisionRecord> {
    const limit = pageLimit(filter.limit);
    const where: string[] = [];
    const args: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      where.push(sql);
      args.push(value);
    };
    if (filter.policyId !== undefined) add('policy_id = ?', filter.policyId);
    if (filter.customerId !== undefined) add('customer_id = ?', filter.customerId);
    if (filter.outcome !== undefined) add('outcome = ?', filter.outcome);
    if (filter.from !== undefined) add('evaluated_at >= ?', filter.from);
    if (filter.to !== undefined) add('evaluated_at < ?', filter.to);
    if (filter.cursor !== undefined) {
      const after = decodeDecisionCursor(filter.cursor);
      where.push('(evaluated_at, decision_id) < (?, ?)');
      args.push(after.at, after.id);
    }
    const sql = `SELECT evaluated_at, decision_id, json FROM decisions${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY evaluated_at DESC, decision_id DESC LIMIT ?`;
    let stmt = this.queries.get(sql);
    if (!stmt) this.queries.set(sql, (stmt = this.db.prepare<unknown[], unknown>(sql)));
    const rows = stmt.all(...args, limit + 1) as { evaluated_at: string; decision_id: string; json: string }[];
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => JSON.parse(r.json) as DecisionRecord),
      nextCursor: rows.length > limit && last ? encodeDecisionCursor({ at: last.evaluated_at, id: last.decision_id }) : null,
    };
  }
}

interface PendingAppend {
  record: DecisionRecord;
  json: string;
  resolve(result: { record: DecisionRecord; duplicate: boolean }): void;
  reject(err: unknown): void;
}

export class DecisionAppender {
  private queue: PendingAppend[] = [];
  private scheduled = false;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly table: DecisionTable,
    private readonly options: { groupCommitMs: number; fault?: WriteFault },
  ) {}

  append(input: DecisionRecord): Promise<{ record: DecisionRecord; duplicate: boolean }> {
    if (this.closed) return Promise.reject(new StoreError('UNAVAILABLE', 'the store is closed'));
    // Serialised once, for the row; the record returned is the caller's (shallow-copied).
    const record: DecisionRecord = { ...input, requestId: input.requestId ?? null };
    const json = JSON.stringify(record);
    return new Promise((resolve, reject) => {
      this.queue.push({ record, json, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const fire = () => {
      this.scheduled = false;
      this.flush();
    };
    if (this.options.groupCommitMs > 0) setTimeout(fire, this.options.groupCommitMs);
    else setImmediate(fire);
  }

  /** Writes everything queued, a batch per transaction. */
  flush(): void {
    while (this.queue.length > 0) this.writeBatch(this.queue.splice(0, MAX_BATCH));
  }

  private writeBatch(batch: PendingAppend[]): void {
    let outcomes: ({ record: DecisionRecord; duplicate: boolean } | StoreError)[];
    try {
      outcomes = write(
        this.db,
        'writing the decision log',
        () =>
          batch.map((p) => {
            // Inside the transaction: earlier appends of this batch (and of other processes) are seen.
            const { policyId, requestId, decisionId } = p.record;
            const existing = requestId !== null ? this.table.findByRequest(policyId, requestId) : null;
            if (existing) return { record: existing, duplicate: true };
            if (this.table.exists(decisionId)) return new StoreError('CONFLICT', `decision ${decisionId} exists already`);
            this.table.insert(p.record, p.json);
            return { record: p.record, duplicate: false };
          }),
        this.options.fault,
      );
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    batch.forEach((p, i) => {
      const outcome = outcomes[i]!;
      if (outcome instanceof StoreError) p.reject(outcome);
      else p.resolve(outcome);
    });
  }

  close(): void {
    this.closed = true;
    this.flush();
  }
}
