/**
 * The audit trail is a hash chain: each entry's hash covers its own fields and the previous
 * entry's hash, so editing, deleting or reordering any entry breaks every later link.
 * Both stores build entries with `buildAuditEntry`; `verifyAuditChain` is what /audit/verify runs.
 */
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

/** The next entry of a chain whose last entry is `prev` (null for an empty chain). */
export function buildAuditEntry(prev: { seq: number; hash: string } | null, at: string, facts: AuditFacts): AuditEntry {
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
  return { ...entry, hash: hashAuditEntry(entry) };
}

export interface ChainReport {
  intact: boolean;
  count: number;
  firstBrokenSeq: number | null;
  problem: string | null;
}

export async function verifyAuditChain(entries: AsyncIterable<AuditEntry> | Iterable<AuditEntry>): Promise<ChainReport> {
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
    prevHash = entry.hash;
    expectedSeq++;
  }
  return { intact: true, count, firstBrokenSeq: null, problem: null };
}
