/**
 * One link of the decision log's chain: link(seq) = HMAC-SHA256(audit key, `seq:link(seq-1):decisionId:recordHash`),
 * plain sha-256 without a key; link(0) is '' (or, after a pruning, the last pruned decision's link).
 * The SQLite decision writer (api/store/sqlite-store/decision-commit-worker.mjs) repeats the formula;
 * the MongoDB store (api/store/mongo-store/mongo-decision-chain.ts) calls this function.
 * It covers the seal, not the record: erasure and retention rewrite records, never their seals.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export function chainLink(key: Buffer | null, seq: number, prev: string, decisionId: string, recordHash: string | null): string {
  const text = `${seq}:${prev}:${decisionId}:${recordHash ?? ''}`;
  return (key ? createHmac('sha256', key) : createHash('sha256')).update(text).digest('hex');
}

export function sameLink(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
