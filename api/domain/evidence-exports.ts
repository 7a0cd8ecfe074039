/**
 * Exports an audit report can attach, each a signed evidence bundle (integrity/evidence-bundle.ts)
 * with a checkpoint of the audit chain head:
 *   - a period of the decision log (decisions.json with every record and its seal, decisions.csv);
 *   - a version: its document and content hash, who edited, submitted and approved it with their
 *     comments (its history in the audit trail), and the diff from the previous version in words.
 * The history is also what the auditor's workspace shows for a version.
 */
import Papa from 'papaparse';
import type { AuditEntry, DecisionRecord, VersionRecord } from '../store/store.js';
import type { Services } from '../services.js';
import { buildBundle } from '../integrity/evidence-bundle.js';
import { decisionsCsv, auditCsv } from '../integrity/evidence-csv.js';
import { diff } from '../policy-engine.js';
import { checkpointNow } from './audit-evidence.js';
import { DomainError } from './errors.js';
import { readVersion } from './policies.js';
import { pageWithCursor } from './pagination.js';
import { saltsOf } from './customer-salts.js';

type Ctx = Pick<Services, 'store' | 'integrity' | 'keys' | 'clock' | 'versions'>;

/** At most this many decisions in one export: a larger period is refused (narrow it). */
export const MAX_EXPORTED_DECISIONS = 100_000;

async function allAuditOf(ctx: Pick<Services, 'store'>, policyId: string): Promise<AuditEntry[]> {
  const newestFirst: AuditEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await ctx.store.listAudit({ policyId, limit: 500, ...(cursor ? { cursor } : {}) });
    newestFirst.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return newestFirst.reverse();
}

export interface VersionHistory {
  policyId: string;
  version: number;
  contentHash: string;
  publishedAt: string;
  /** Everyone who saved the draft that became this version, with when and why. */
  edits: { at: string; actor: string; comment: string | null; seq: number }[];
  editors: string[];
  submitted: { at: string; actor: string; comment: string | null; seq: number } | null;
  rejected: { at: string; actor: string; comment: string | null; seq: number }[];
  approved: { at: string; actor: string; comment: string | null; seq: number } | null;
  activations: { at: string; actor: string; comment: string | null; seq: number }[];
  /** The audit entries behind it, oldest first. */
  entries: AuditEntry[];
}

/** A version's story from the audit trail: the entries after the previous publication up to its own, and its activations. */
export async function versionHistory(ctx: Pick<Services, 'store' | 'clock'>, policyId: string, version: number): Promise<VersionHistory> {
  const v = await readVersion(ctx, policyId, version);
  const trail = await allAuditOf(ctx, policyId);
  const publishedAt = trail.findIndex((e) => e.action === 'version.published' && e.version === version);
  const previous = publishedAt < 0 ? -1 : trail.slice(0, publishedAt).map((e) => e.action === 'version.published').lastIndexOf(true);
  // A seeded version 1 has no draft history: only its publication (or creation) entries.
  const making = publishedAt < 0 ? [] : trail.slice(previous + 1, publishedAt + 1);
  const activations = trail.filter((e) => e.action === 'version.activated' && e.version === version);
  const step = (e: AuditEntry) => ({ at: e.at, actor: e.actor, comment: e.comment, seq: e.seq });
  const edits = making.filter((e) => e.action === 'draft.saved' || e.action === 'policy.created').map(step);
  const submittedEntries = making.filter((e) => e.action === 'draft.submitted');
  const published = making.find((e) => e.action === 'version.published');
  return {
    policyId,
    version,
    contentHash: v.contentHash,
    publishedAt: v.publishedAt,
    edits,
    editors: [...new Set(edits.map((e) => e.actor))],
    submitted: submittedEntries.length ? step(submittedEntries[submittedEntries.length - 1]!) : null,
    rejected: making.filter((e) => e.action === 'draft.rejected').map(step),
    approved: published ? step(published) : null,
    activations: activations.map(step),
    entries: [...making, ...activations].sort((a, b) => a.seq - b.seq),
  };
}

function keysOrThrow(ctx: Ctx) {
  if (!ctx.keys) throw new DomainError('UNAVAILABLE', 'This server runs without integrity keys: it cannot sign exports (see CREDITGRAPH_KEY_FILE).');
  return ctx.keys;
}

/** A version as evidence: version.json (document, hash, summary), history.json/.csv, diff.json/.csv from the previous version. */
export async function versionBundle(ctx: Ctx, policyId: string, version: number): Promise<{ bytes: Buffer; fileName: string }> {
  const keys = keysOrThrow(ctx);
  const v: VersionRecord = await readVersion(ctx, policyId, version);
  const history = await versionHistory(ctx, policyId, version);
  const previous = version > 1 ? await ctx.store.getVersion(policyId, version - 1) : null;
  const changes = previous ? diff(previous.document, v.document) : null;
  const checkpoint = await checkpointNow(ctx);
  const at = ctx.clock.now().toISOString();
  const files: Record<string, string> = {
    'version.json': JSON.stringify(v, null, 1),
    'history.json': JSON.stringify(history, null, 1),
    'history.csv': auditCsv(history.entries),
  };
  if (changes) {
    files['diff.json'] = JSON.stringify({ from: version - 1, to: version, ...changes }, null, 1);
    files['diff.csv'] = diffCsv(changes.changes);
  }
  const bytes = await buildBundle({ kind: 'version', exportedAt: at, subject: { policyId, version, contentHash: v.contentHash, diffFrom: previous ? version - 1 : null }, files, checkpoint, keys });
  return { bytes, fileName: `creditgraph-${policyId}-v${version}.zip` };
}

function diffCsv(changes: ReturnType<typeof diff>['changes']): string {
  const rows = changes.map((c) => ({ kind: c.kind, area: c.area, nodeId: c.nodeId, path: c.path, message: c.message, cosmetic: c.cosmetic === true }));
  return csvOf(['kind', 'area', 'nodeId', 'path', 'message', 'cosmetic'], rows);
}

const csvOf = (fields: string[], rows: Record<string, unknown>[]) =>
  Papa.unparse({ fields, data: rows.map((r) => fields.map((f) => (r[f] === null || r[f] === undefined ? '' : r[f]))) }, { escapeFormulae: true, newline: '\r\n' }) + '\r\n';

/** A period of the decision log (from inclusive, to exclusive), optionally one policy's. */
export async function decisionsBundle(ctx: Ctx, filter: { from: string; to: string; policyId?: string }): Promise<{ bytes: Buffer; fileName: string; count: number }> {
  const keys = keysOrThrow(ctx);
  if (filter.from >= filter.to)
    throw new DomainError('INVALID_REQUEST', 'The period is empty: `from` must be before `to`.', { errors: [{ pointer: '/to', in: 'query', detail: 'must be after from' }] });
  const records: DecisionRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await pageWithCursor(undefined, () => ctx.store.listDecisions({ ...filter, limit: 500, ...(cursor ? { cursor } : {}) }));
    records.push(...page.items);
    if (records.length > MAX_EXPORTED_DECISIONS)
      throw new DomainError('INVALID_REQUEST', `More than ${MAX_EXPORTED_DECISIONS} decisions in the period: export a shorter one.`, { errors: [{ pointer: '/from', in: 'query', detail: 'period too long' }] });
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  records.reverse(); // oldest first, as a report reads
  // Each record with its customer's salt: the seal can then be checked offline (verify-export).
  const salts = await saltsOf(ctx.store, records.map((r) => r.customerId));
  const exported = records.map((r) => ({ ...r, personalSalt: r.customerId ? (salts[r.customerId] ?? null) : null }));
  const checkpoint = await checkpointNow(ctx);
  const at = ctx.clock.now().toISOString();
  const bytes = await buildBundle({
    kind: 'decisions',
    exportedAt: at,
    subject: { ...filter, count: records.length },
    files: { 'decisions.json': JSON.stringify(exported, null, 1), 'decisions.csv': decisionsCsv(records) },
    checkpoint,
    keys,
  });
  return { bytes, fileName: `creditgraph-decisions-${filter.from.slice(0, 10)}-${filter.to.slice(0, 10)}.zip`, count: records.length };
}
