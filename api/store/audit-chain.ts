/**
 * The audit trail is a hash chain: each entry's hash covers its own fields and the previous
 * entry's hash, so editing, deleting or reordering any entry breaks every later link.
 * Both stores build entries with `buildAuditEntry`; `verifyAuditChain` is what /audit/verify runs.
 *
 * Keyed chain: with the server's audit key, each entry also carries `mac` = HMAC-SHA256(key, hash).
 * Whoever holds only the disk can recompute every hash, but not one MAC. Entries written before
 * the chain was keyed (seq < keyedFrom) have none and are verified by their plain hash.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalHash } from './canonical-hash.js';
import { plain } from './plain-json.js';
import type { AuditEntry, AuditEvent } from './store.js';

export const GENESIS_HASH = '0'.repeat(64);

export function hashAuditEntry(entry: Omit<AuditEntry, 'hash'>): string {
  const { seq, at, actor, action, policyId, version, contentHash, comment, details, prevHash } = entry;
  // Only the listed fields: an extra property smuggled into a stored entry must not change the hash.
  return canonicalHash({ seq, at, actor, action, policyId, version, contentHash, comment, details, prevHash });
}

/** What an entry records (the store adds seq, time and the chain). */
export type AuditFacts = AuditEvent;

export const auditMac = (key: Buffer, hash: string) => createHmac('sha256', key).update(hash).digest('hex');

export function auditMacValid(key: Buffer, hash: string, mac: string): boolean {
  const expected = Buffer.from(auditMac(key, hash), 'hex');
  const given = Buffer.from(mac, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The next entry of a chain whose last entry is `prev` (null for an empty chain); MAC'd when a key is given. */
export function buildAuditEntry(prev: { seq: number; hash: string } | null, at: string, facts: AuditFacts, key?: Buffer | null): AuditEntry {
  // Through JSON: the entry hashed now must be byte-for-byte the entry read back later.
  const details = facts.details || facts.audit.details ? plain({ ...facts.details, ...facts.audit.details }) : null;
  const entry: Omit<AuditEntry, 'hash'> = {
    seq: prev ? prev.seq + 1 : 1,
    at,
    actor: facts.audit.actor,
    action: facts.action,
    policyId: facts.policyId ?? null,
    version: facts.version ?? null,
    contentHash: facts.contentHash ?? null,
    comment: facts.audit.comment ?? null,
    details,
    prevHash: prev ? prev.hash : GENESIS_HASH,
  };
  const hash = hashAuditEntry(entry);
  return key ? { ...entry, hash, mac: auditMac(key, hash) } : { ...entry, hash };
}

/** How to check MACs: the key, and the first entry that must carry one (earlier ones predate the key). */
export interface ChainKey {
  key: Buffer;
  keyedFrom: number;
}

export interface ChainReport {
  intact: boolean;
  count: number;
  firstBrokenSeq: number | null;
  problem: string | null;
}

export async function verifyAuditChain(entries: AsyncIterable<AuditEntry> | Iterable<AuditEntry>, keyed: ChainKey | null = null): Promise<ChainReport> {
  let count = 0;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  const broken = (seq: number, problem: string): ChainReport => ({ intact: false, count, firstBrokenSeq: seq, problem });
  for await (const entry of entries) {
    count++;
    if (entry.seq !== expectedSeq) return broken(expectedSeq, `expected entry ${expectedSeq}, found ${entry.seq} (missing or reordered entries)`);
    if (entry.prevHash !== prevHash) return broken(entry.seq, `entry ${entry.seq} does not link to the hash of entry ${entry.seq - 1}`);
    let recomputed: string;
    try {
      recomputed = hashAuditEntry(entry);
    } catch {
      return broken(entry.seq, `entry ${entry.seq} cannot be hashed (not valid JSON data)`);
    }
    if (recomputed !== entry.hash) return broken(entry.seq, `entry ${entry.seq} was altered: its content does not match its hash`);
    if (keyed && entry.seq >= keyed.keyedFrom) {
      if (typeof entry.mac !== 'string') return broken(entry.seq, `entry ${entry.seq} carries no server MAC although the chain is keyed from entry ${keyed.keyedFrom} (rewritten without the key)`);
      if (!auditMacValid(keyed.key, entry.hash, entry.mac)) return broken(entry.seq, `entry ${entry.seq} was altered: its server MAC does not match (its hash was recomputed without the key)`);
    }
    prevHash = entry.hash;
    expectedSeq++;
  }
  return { intact: true, count, firstBrokenSeq: null, problem: null };
}
