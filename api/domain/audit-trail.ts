/** The audit trail: read newest first, and verified link by link (a hash chain: tampering shows). */
import { auditMacValid, hashAuditEntry, verifyAuditChain, type ChainKey } from '../store/audit-chain.js';
import { chainKeyOf } from '../integrity/chain-key.js';
import type { AuditEntry } from '../store/store.js';
import type { DomainContext } from './context.js';
import type { ServerKeys } from '../integrity/server-keys.js';
import { pageWithCursor } from './pagination.js';

/** Each entry served with `intact`: its content still matches its own hash (the chain is /audit/verify's). */
export const auditPage = async ({ store, keys }: DomainContext & { keys: ServerKeys | null }, filter: { policyId?: string; cursor?: string; limit?: number }) => {
  const page = await pageWithCursor(filter.cursor, () => store.listAudit(filter));
  const chainKey = chainKeyOf(keys);
  return { ...page, items: page.items.map((e) => ({ ...e, intact: entryIntact(e, chainKey) })) };
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
