/** The audit trail: read newest first, and verified link by link (a hash chain: tampering shows). */
import { auditMacValid, hashAuditEntry, verifyAuditChain, type ChainKey } from '../store/audit-chain.js';
import { chainKeyOf } from '../integrity/chain-key.js';
import type { AuditEntry } from '../store/store.js';
import type { DomainContext } from './context.js';
import type { ServerKeys } from '../integrity/server-keys.js';
import { pageWithCursor } from './pagination.js';
import { encodeAuditCursor, pageLimit } from '../store/pagination.js';

export interface AuditFilter {
  policyId?: string;
  actor?: string;
  action?: string;
  /** ISO instants: from inclusive, to exclusive. */
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

const SCAN_PAGE = 500;

/**
 * Newest first; each entry served with `intact` (its content still matches its own hash and MAC;
 * the links are /integrity's). The store filters by policy; actor, action and period are applied
 * here while reading pages newest first (the trail is ordered by seq, and time follows seq);
 * `also`: one more condition an entry must meet (the access log's kind of read).
 */
export const auditPage = async ({ store, keys }: DomainContext & { keys: ServerKeys | null }, filter: AuditFilter, also?: (e: AuditEntry) => boolean) => {
  const chainKey = chainKeyOf(keys);
  const mark = (e: AuditEntry) => ({ ...e, intact: entryIntact(e, chainKey) });
  const { actor, action, from, to } = filter;
  if (actor === undefined && action === undefined && from === undefined && to === undefined && !also) {
    const page = await pageWithCursor(filter.cursor, () => store.listAudit(filter));
    return { ...page, items: page.items.map(mark) };
  }
  const limit = pageLimit(filter.limit);
  const matches = (e: AuditEntry) =>
    (actor === undefined || e.actor === actor) && (action === undefined || e.action === action) && (from === undefined || e.at >= from) && (to === undefined || e.at < to) && (!also || also(e));
  const items: AuditEntry[] = [];
  let cursor = filter.cursor;
  for (;;) {
    const page = await pageWithCursor(filter.cursor, () => store.listAudit({ policyId: filter.policyId, cursor, limit: SCAN_PAGE }));
    for (const e of page.items) {
      if (from !== undefined && e.at < from) return { items: items.map(mark), nextCursor: null }; // older than the period: done
      if (matches(e)) items.push(e);
      if (items.length === limit) return { items: items.map(mark), nextCursor: encodeAuditCursor(e.seq) };
    }
    if (!page.nextCursor) return { items: items.map(mark), nextCursor: null };
    cursor = page.nextCursor;
  }
};

/** The entry alone: its hash, and its MAC where the chain is keyed (links are the chain check's). */
function entryIntact(entry: AuditEntry, chainKey: ChainKey | null): boolean {
  try {
    if (hashAuditEntry(entry) !== entry.hash) return false;
  } catch {
    return false;
  }
  return !chainKey || entry.seq < chainKey.keyedFrom || (typeof entry.mac === 'string' && auditMacValid(chainKey.key, entry.hash, entry.mac));
}

export const verifyAudit = ({ store, keys }: DomainContext & { keys: ServerKeys | null }) => verifyAuditChain(store.allAudit(), chainKeyOf(keys));
