/** The audit trail: read newest first, and verified link by link (a hash chain: tampering shows). */
import { verifyAuditChain } from '../store/audit-chain.js';
import type { DomainContext } from './context.js';
import { pageWithCursor } from './pagination.js';

export const auditPage = ({ store }: DomainContext, filter: { policyId?: string; cursor?: string; limit?: number }) => pageWithCursor(filter.cursor, () => store.listAudit(filter));

export const verifyAudit = ({ store }: DomainContext) => verifyAuditChain(store.allAudit());
