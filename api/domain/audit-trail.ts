/** The audit trail: read newest first, and verified link by link (a hash chain: tampering shows). */
import { hashAuditEntry, verifyAuditChain } from '../store/audit-chain.js';
import type { DomainContext } from './context.js';
import { pageWithCursor } from './pagination.js';

/** Each entry served with `intact`: its content still matches its own hash (the chain is /audit/verify's). */
export const auditPage = async ({ store }: DomainContext, filter: { policyId?: string; cursor?: string; limit?: number }) => {
  const page = await pageWithCursor(filter.cursor, () => store.listAudit(filter));
  return { ...page, items: page.items.map((e) => ({ ...e, intact: entryIntact(e) })) };
};

function entryIntact(entry: Parameters<typeof hashAuditEntry>[0] & { hash: string }): boolean {
  try {
    return hashAuditEntry(entry) === entry.hash;
  } catch {
    return false;
  }
}

export const verifyAudit = ({ store }: DomainContext) => verifyAuditChain(store.allAudit());
