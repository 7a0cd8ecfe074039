// @ts-check
/**
 * Worker thread of the decision log: commits batches of appends on its own connection, so the
 * fsync of each commit (synchronous=FULL) happens off the event loop, which keeps parsing requests
 * and evaluating decisions meanwhile — the next batch fills up while this one is made durable.
 * Same checks as before, inside the transaction: a known (policyId, requestId) answers the stored
 * decision, a known decisionId is a conflict. Messages: decision-commit-protocol.ts.
 *
 * The chain (migration 4): each new decision gets the next link of the decision log's chain, in
 * commit order, inside the same transaction — BEGIN IMMEDIATE makes this worker (of whichever
 * process) the single writer, so seqs never fork. link = HMAC-SHA256(audit key, `seq:prev:id:recordHash`)
 * (sha-256 without a key), the formula of api/integrity/decision-chain.ts `chainLink` (repeated:
 * this file cannot import TypeScript; the verification of every chain written here checks they agree).
 *
 * Plain JavaScript on purpose: a worker thread cannot run TypeScript without loading a loader
 * (tsx) first, which takes seconds on a busy machine — the first decisions after a start would wait.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { createHash, createHmac } from 'node:crypto';

const db = new Database(workerData.file);
// The same settings as database.ts `configure()`.
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma(`busy_timeout = ${Number(workerData.busyTimeoutMs)}`);

const byRequest = db.prepare('SELECT json FROM decisions WHERE policy_id = ? AND request_id = ?');
const exists = db.prepare('SELECT 1 AS one FROM decisions WHERE decision_id = ?');
const addSalt = db.prepare('INSERT INTO customer_salts (customer_id, salt, created_at) VALUES (?, ?, ?) ON CONFLICT (customer_id) DO NOTHING');
const saltOf = db.prepare('SELECT salt FROM customer_salts WHERE customer_id = ?');
const insert = db.prepare('INSERT INTO decisions (decision_id, policy_id, request_id, customer_id, outcome, evaluated_at, json) VALUES (?, ?, ?, ?, ?, ?, ?)');
const head = db.prepare('SELECT seq, mac FROM decision_chain_head WHERE id = 1');
const link = db.prepare('INSERT INTO decision_chain (seq, decision_id, record_hash, mac) VALUES (?, ?, ?, ?)');
const moveHead = db.prepare('UPDATE decision_chain_head SET seq = ?, mac = ? WHERE id = 1');
/** @type {Buffer | null} */
const chainKey = workerData.chainKey ? Buffer.from(workerData.chainKey, 'hex') : null;

/** @param {number} seq @param {string} prev @param {string} decisionId @param {string | null} recordHash */
function chainLink(seq, prev, decisionId, recordHash) {
  const text = `${seq}:${prev}:${decisionId}:${recordHash ?? ''}`;
  return (chainKey ? createHmac('sha256', chainKey) : createHash('sha256')).update(text).digest('hex');
}

/** @param {{ items: { decisionId: string, policyId: string, requestId: string | null, customerId: string | null, outcome: string, evaluatedAt: string, recordHash: string | null, json: string, newSalt?: string }[], failWith?: { code: string, message: string } }} request */
function commitBatch(request) {
  // One read and one write of the head per batch; one row per decision.
  const at = /** @type {{ seq: number, mac: string }} */ (head.get());
  let seq = at.seq;
  let prev = at.mac;
  const outcomes = request.items.map((item) => {
    const existing = /** @type {{ json: string } | undefined} */ (item.requestId !== null ? byRequest.get(item.policyId, item.requestId) : undefined);
    if (existing) return { kind: 'duplicate', json: existing.json };
    if (exists.get(item.decisionId)) return { kind: 'conflict' };
    if (item.newSalt !== undefined && item.customerId !== null) {
      // The customer's first salt, in this commit; another one already there wins (the caller seals again).
      addSalt.run(item.customerId, item.newSalt, new Date().toISOString());
      if (/** @type {{ salt: string }} */ (saltOf.get(item.customerId)).salt !== item.newSalt) return { kind: 'salt-taken' };
    }
    insert.run(item.decisionId, item.policyId, item.requestId, item.customerId, item.outcome, item.evaluatedAt, item.json);
    seq++;
    prev = chainLink(seq, prev, item.decisionId, item.recordHash);
    link.run(seq, item.decisionId, item.recordHash, prev);
    return { kind: 'new' };
  });
  if (seq !== at.seq) moveHead.run(seq, prev);
  // Test hook: a fault injected after the statements must roll them back.
  if (request.failWith) throw new Database.SqliteError(request.failWith.message, request.failWith.code);
  return outcomes;
}
const commit = db.transaction(commitBatch);

parentPort?.on('message', (message) => {
  let reply;
  try {
    if ('pragma' in message) {
      db.pragma(message.pragma);
      reply = { id: message.id, outcomes: [] };
    } else reply = { id: message.id, outcomes: commit.immediate(message) };
  } catch (err) {
    const e = /** @type {{ code?: string, message?: string }} */ (err);
    reply = { id: message.id, error: { code: e.code ?? 'ERROR', message: e.message ?? String(err) } };
  }
  parentPort?.postMessage(reply);
});
