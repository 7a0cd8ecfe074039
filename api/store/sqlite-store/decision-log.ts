/**
 * The decision log: indexed queries (by policy, customer, outcome, time; newest first with
 * cursors; by requestId), and group-committed appends — appends arriving together (in the same
 * turn of the event loop, or while the previous batch commits) share one transaction and so one
 * fsync of the WAL, made by a worker thread (decision-commit-worker.mjs) so the event loop never
 * waits for the disk; each caller is answered only after that commit.
 */
import type Database from 'better-sqlite3';
import { decodeDecisionCursor, encodeDecisionCursor, pageLimit } from '../pagination.js';
import { instant } from '../instant.js';
import { StoreError, type DecisionFilter, type DecisionRecord, type Page, type PreviousDecision } from '../store.js';
import { Worker } from 'node:worker_threads';
import { unavailable, type Db, type WriteFault } from './database.js';
import type { CommitItem, CommitReply, CommitRequest, Outcome } from './decision-commit-protocol.js';

const MAX_BATCH = 2000;
/**
 * Batches sent to the commit worker before the first is answered. With 2, the worker starts the
 * next batch as soon as one is durable, instead of waiting for the event loop to read its answer
 * and post the next one (the event loop is busy most of the time under load).
 */
const PIPELINE_DEPTH = 2;

type Statement = Database.Statement<unknown[], unknown>;

interface LatestRow {
  decision_id: string;
  outcome: string;
  source: string;
  risk_class: string | null;
  gross: number | null;
  approved: number | null; // only a number: a boolean would come out of SQLite as 0/1
}

export class DecisionTable {
  private readonly s;
  private readonly queries = new Map<string, Statement>();

  constructor(private readonly db: Db) {
    this.s = {
      get: db.prepare<[string], { json: string }>('SELECT json FROM decisions WHERE decision_id = ?'),
      byRequest: db.prepare<[string, string], { json: string }>('SELECT json FROM decisions WHERE policy_id = ? AND request_id = ?'),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM decisions'),
      // The fields a new decision is compared with, picked out by SQLite (one parse of the stored JSON, in C).
      latest: db.prepare<[string, string], LatestRow>(
        `SELECT decision_id, outcome, json_extract(json, '$.source') AS source, json_extract(json, '$.decision.riskClass') AS risk_class,
           json_extract(json, '$.decision.creditLimit.gross') AS gross,
           CASE WHEN json_type(json, '$.decision.variables.approvedAmount') IN ('integer', 'real') THEN json_extract(json, '$.decision.variables.approvedAmount') END AS approved
         FROM decisions WHERE policy_id = ? AND customer_id = ? ORDER BY evaluated_at DESC, decision_id DESC LIMIT 1`,
      ),
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

  count(): number {
    return this.s.count.get()!.n;
  }

  /** The customer's newest decision under the policy (listDecisions' order), only what the workflow compares. */
  latest(policyId: string, customerId: string): PreviousDecision | null {
    const row = this.s.latest.get(policyId, customerId);
    if (!row) return null;
    return {
      decisionId: row.decision_id,
      outcome: row.outcome as DecisionRecord['outcome'],
      source: row.source as DecisionRecord['source'],
      decision: { riskClass: row.risk_class, creditLimit: row.gross === null ? null : { gross: row.gross }, variables: row.approved === null ? {} : { approvedAmount: row.approved } },
    };
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
    // Bounds as canonical instants (stored times are): `…T00:00:00Z` and `+01:00` compare right.
    if (filter.from !== undefined) add('evaluated_at >= ?', instant(filter.from));
    if (filter.to !== undefined) add('evaluated_at < ?', instant(filter.to));
    if (filter.cursor !== undefined) {
      const after = decodeDecisionCursor(filter.cursor);
      where.push('(evaluated_at, decision_id) < (?, ?)');
      args.push(after.at, after.id);
    }
    const filterSql = `FROM decisions${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
    const rows = this.statement(`SELECT evaluated_at, decision_id, json ${filterSql} ORDER BY evaluated_at DESC, decision_id DESC LIMIT ?`).all(...args, limit) as {
      evaluated_at: string;
      decision_id: string;
      json: string;
    }[];
    const last = rows[rows.length - 1];
    // Whether a next page exists, from the index alone: reading one row more would read its JSON
    // too (a decision spans overflow pages), which doubled the cost of a customer's latest decision.
    const more =
      rows.length === limit &&
      last !== undefined &&
      this.statement(`SELECT 1 ${filterSql}${where.length ? ' AND' : ' WHERE'} (evaluated_at, decision_id) < (?, ?) ORDER BY evaluated_at DESC, decision_id DESC LIMIT 1`).get(
        ...args,
        last.evaluated_at,
        last.decision_id,
      ) !== undefined;
    return {
      items: rows.map((r) => JSON.parse(r.json) as DecisionRecord),
      nextCursor: more ? encodeDecisionCursor({ at: last.evaluated_at, id: last.decision_id }) : null,
    };
  }

  private statement(sql: string): Statement {
    let stmt = this.queries.get(sql);
    if (!stmt) this.queries.set(sql, (stmt = this.db.prepare<unknown[], unknown>(sql)));
    return stmt;
  }
}

/** A decision as the log stores it: the indexed columns and the JSON (requestId: null when missing). */
export function decisionRow(input: DecisionRecord): { record: DecisionRecord; item: CommitItem } {
  // Serialised once, for the row; the record returned is the caller's (shallow-copied).
  const record: DecisionRecord = { ...input, requestId: input.requestId ?? null };
  const item: CommitItem = {
    decisionId: record.decisionId,
    policyId: record.policyId,
    requestId: record.requestId,
    customerId: record.customerId,
    outcome: record.outcome,
    evaluatedAt: record.evaluatedAt,
    recordHash: typeof record.recordHash === 'string' ? record.recordHash : null,
    json: JSON.stringify(record),
  };
  return { record, item };
}

interface PendingAppend {
  record: DecisionRecord;
  item: CommitItem;
  resolve(result: { record: DecisionRecord; duplicate: boolean }): void;
  reject(err: unknown): void;
}

// Plain JavaScript (no loader needed): beside this module in the source, `decision-commit-worker.js` in the bundle.
const WORKER_URL = new URL(`./decision-commit-worker${import.meta.url.endsWith('.ts') ? '.mjs' : '.js'}`, import.meta.url);

/**
 * Group commit through a worker thread: while one batch is being committed (and fsynced) by the
 * worker, the appends that arrive queue up and become the next batch. The worker starts when the
 * store opens and is referenced only while a batch is in flight (an idle store keeps no process alive).
 */
export class DecisionAppender {
  private queue: PendingAppend[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private scheduled = false;
  private closed = false;
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(reply: CommitReply): void; reject(err: unknown): void }>();

  /** `chainKey`: the server's audit key, which MACs the decision-log chain (none: plain sha-256 links). */
  constructor(private readonly options: { file: string; busyTimeoutMs: number; groupCommitMs: number; fault?: WriteFault; chainKey?: Buffer | null }) {}

  /** `newSalt`: the customer's first salt, committed with the decision (see ErasureStore.appendDecisionWithSalt). */
  append(input: DecisionRecord, newSalt?: string): Promise<{ record: DecisionRecord; duplicate: boolean }> {
    if (this.closed) return Promise.reject(new StoreError('UNAVAILABLE', 'the store is closed'));
    const { record, item } = decisionRow(input);
    if (newSalt !== undefined) item.newSalt = newSalt;
    return new Promise((resolve, reject) => {
      this.queue.push({ record, item, resolve, reject });
      this.schedule();
    });
  }

  /** The first append of a batch waits one turn of the event loop (or groupCommitMs) for company. */
  private schedule(): void {
    if (this.scheduled || this.inFlight.size >= PIPELINE_DEPTH) return; // a commit ending takes what is queued
    this.scheduled = true;
    const fire = () => {
      this.scheduled = false;
      this.pump();
    };
    if (this.options.groupCommitMs > 0) setTimeout(fire, this.options.groupCommitMs);
    else setImmediate(fire);
  }

  private pump(): void {
    if (this.inFlight.size >= PIPELINE_DEPTH || this.queue.length === 0) return;
    const batch = this.queue.splice(0, MAX_BATCH);
    const done: Promise<void> = this.commit(batch).finally(() => {
      this.inFlight.delete(done);
      this.pump();
    });
    this.inFlight.add(done);
  }

  private async commit(batch: PendingAppend[]): Promise<void> {
    let failWith: CommitRequest['failWith'];
    try {
      this.options.fault?.('writing the decision log');
    } catch (err) {
      const e = err as { code?: string; message?: string };
      failWith = { code: e.code ?? 'ERROR', message: e.message ?? String(err) };
    }
    const items: CommitItem[] = batch.map((p) => p.item);
    let reply: CommitReply;
    try {
      reply = await this.request({ items, failWith });
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    if (reply.error) {
      const error = unavailable('writing the decision log', Object.assign(new Error(reply.error.message), { code: reply.error.code }));
      for (const p of batch) p.reject(error);
      return;
    }
    batch.forEach((p, i) => {
      const outcome = reply.outcomes![i]!;
      if (outcome.kind === 'new') p.resolve({ record: p.record, duplicate: false });
      else if (outcome.kind === 'duplicate') p.resolve({ record: JSON.parse(outcome.json) as DecisionRecord, duplicate: true });
      else if (outcome.kind === 'salt-taken') p.reject(new StoreError('PRECONDITION_FAILED', `customer ${p.record.customerId} has a salt already: seal the decision with it`));
      else p.reject(new StoreError('CONFLICT', `decision ${p.record.decisionId} exists already`));
    });
  }

  private startWorker(): Worker {
    const data = { file: this.options.file, busyTimeoutMs: this.options.busyTimeoutMs, chainKey: this.options.chainKey?.toString('hex') ?? null };
    const worker = new Worker(WORKER_URL, { workerData: data });
    worker.unref();
    worker.on('message', (reply: CommitReply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) worker.unref();
      waiter?.resolve(reply);
    });
    const fail = (why: string) => {
      if (this.worker === worker) this.worker = null; // the next batch starts a new one
      const error = new StoreError('UNAVAILABLE', `the decision log writer stopped: ${why}`);
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    worker.on('error', (err) => fail(err.message));
    worker.on('exit', (code) => fail(`exit code ${code}`));
    return worker;
  }

  private request(message: Omit<CommitRequest, 'id'> | { pragma: string }): Promise<CommitReply> {
    const worker = (this.worker ??= this.startWorker());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.ref(); // a commit in flight keeps the process alive until it is answered
      worker.postMessage({ ...message, id });
    });
  }

  /**
   * Bulk loading (the scale bench): rows already built by decisionRow, committed in ONE transaction
   * of the writer — the same checks, salts and chain links as appended decisions get. Returns each
   * row's outcome (a refused row is skipped, the others commit); a failed commit rejects and writes nothing.
   */
  async commitRows(items: CommitItem[]): Promise<Outcome[]> {
    if (this.closed) throw new StoreError('UNAVAILABLE', 'the store is closed');
    const reply = await this.request({ items });
    if (reply.error) throw unavailable('writing the decision log', Object.assign(new Error(reply.error.message), { code: reply.error.code }));
    return reply.outcomes;
  }

  /** Starts the worker now (at open, beside the rest of start-up), so the first decision does not wait for it. */
  start(): void {
    this.worker ??= this.startWorker();
  }

  /** The same PRAGMA on the writer's connection: tests (query_only, max_page_count) and bulk loading (cache_size). */
  async pragma(sql: string): Promise<void> {
    const reply = await this.request({ pragma: sql });
    if (reply.error) throw new Error(reply.error.message);
  }

  /** Writes what is queued, then stops the worker (it closes its connection). */
  async close(): Promise<void> {
    this.closed = true;
    while (this.scheduled || this.inFlight.size > 0 || this.queue.length > 0) {
      if (this.inFlight.size === 0) {
        this.scheduled = false;
        this.pump();
      }
      await Promise.all(this.inFlight);
    }
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }
}
