/**
 * Who read what: every read of logged decisions, of the audit trail, of the access log and every
 * export is recorded as an `access.read` audit entry (so it is in the chain like any change): the
 * reader, when, what kind of read, and which records (decision ids, audit seqs, policy/version) —
 * never a customer id or a fact, which stay in the erasable decision log.
 *
 * A read is served even when recording it fails (a full or read-only disk must not stop auditors
 * reading): the failure is logged as an error with the reader and what was read.
 */
import type { Services } from '../services.js';
import type { AuditEntry } from '../store/store.js';
import { auditPage, type AuditFilter } from './audit-trail.js';

export type ReadKind = 'decisions' | 'decision' | 'decision.replay' | 'audit' | 'access-log' | 'version.history' | 'export.audit' | 'export.decisions' | 'export.version';

export const ACCESS_ACTION = 'access.read';

/** At most this many ids are listed in one entry (a page is at most 500; the count is always there). */
const MAX_IDS = 500;

export async function recordRead(ctx: Pick<Services, 'store' | 'logger'>, reader: string, what: ReadKind, details: Record<string, unknown> = {}): Promise<void> {
  for (const [k, v] of Object.entries(details)) if (Array.isArray(v) && v.length > MAX_IDS) details[k] = v.slice(0, MAX_IDS);
  try {
    await ctx.store.appendAudit({ action: ACCESS_ACTION, audit: { actor: reader, details: { what, ...details } } });
  } catch (err) {
    ctx.logger.error({ err, reader, what }, 'recording a read failed: the read was served unrecorded');
  }
}

/** The filter values worth keeping: never a customer id (its presence only). */
export const readFilter = (q: Record<string, unknown>) => {
  const { cursor: _c, limit: _l, customerId, ...rest } = q;
  return { ...rest, ...(customerId !== undefined ? { byCustomer: true } : {}) };
};

export interface AccessRecord {
  seq: number;
  at: string;
  reader: string;
  what: string;
  details: Record<string, unknown>;
}

export const READ_KINDS: ReadKind[] = ['decisions', 'decision', 'decision.replay', 'audit', 'access-log', 'version.history', 'export.audit', 'export.decisions', 'export.version'];

/** The access log: `access.read` entries, newest first, with the audit trail's filters and the kind of read (`what`). */
export async function accessLog(ctx: Pick<Services, 'store' | 'clock' | 'keys'>, filter: Omit<AuditFilter, 'action' | 'policyId'> & { what?: string }) {
  const { what, ...rest } = filter;
  const page = await auditPage(ctx, { ...rest, action: ACCESS_ACTION }, what === undefined ? undefined : (e) => (e.details as { what?: unknown } | null)?.what === what);
  const items: AccessRecord[] = page.items.map((e: AuditEntry) => {
    const { what, ...details } = (e.details ?? {}) as { what?: string };
    return { seq: e.seq, at: e.at, reader: e.actor, what: what ?? 'unknown', details };
  });
  return { items, nextCursor: page.nextCursor };
}
