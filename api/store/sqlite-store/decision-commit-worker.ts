/**
 * Worker thread of the decision log: commits batches of appends on its own connection, so the
 * fsync of each commit (synchronous=FULL) happens off the event loop, which keeps parsing requests
 * and evaluating decisions meanwhile — the next batch fills up while this one is made durable.
 * Same checks as before, inside the transaction: a known (policyId, requestId) answers the stored
 * decision, a known decisionId is a conflict.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { configure } from './database.js';
import type { CommitReply, CommitRequest, Outcome } from './decision-commit-protocol.js';

const db = new Database(workerData.file as string);
configure(db, workerData.busyTimeoutMs as number);
const s = {
  byRequest: db.prepare<[string, string], { json: string }>('SELECT json FROM decisions WHERE policy_id = ? AND request_id = ?'),
  exists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM decisions WHERE decision_id = ?'),
  insert: db.prepare<[string, string, string | null, string | null, string, string, string]>(
    'INSERT INTO decisions (decision_id, policy_id, request_id, customer_id, outcome, evaluated_at, json) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ),
};

const commit = db.transaction((request: CommitRequest): Outcome[] => {
  const outcomes = request.items.map((item): Outcome => {
    const existing = item.requestId !== null ? s.byRequest.get(item.policyId, item.requestId) : undefined;
    if (existing) return { kind: 'duplicate', json: existing.json };
    if (s.exists.get(item.decisionId)) return { kind: 'conflict' };
    s.insert.run(item.decisionId, item.policyId, item.requestId, item.customerId, item.outcome, item.evaluatedAt, item.json);
    return { kind: 'new' };
  });
  // Test hook: a fault injected after the statements must roll them back.
  if (request.failWith) throw new Database.SqliteError(request.failWith.message, request.failWith.code);
  return outcomes;
});

parentPort!.on('message', (message: CommitRequest | { pragma: string; id: number }) => {
  let reply: CommitReply;
  try {
    if ('pragma' in message) {
      db.pragma(message.pragma);
      reply = { id: message.id, outcomes: [] };
    } else reply = { id: message.id, outcomes: commit.immediate(message) };
  } catch (err) {
    const e = err as { code?: string; message?: string };
    reply = { id: message.id, error: { code: e.code ?? 'ERROR', message: e.message ?? String(err) } };
  }
  parentPort!.postMessage(reply);
});
