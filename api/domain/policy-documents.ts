/**
 * Policy documents outside JSON, as use cases: the workbook of a version or of the draft, a workbook
 * imported into the draft (a dry run first, then one audited draft save through the draft lifecycle),
 * and the credit-committee document of a version. HTTP framing lives in routes/policy-documents.ts.
 */
import type { PolicyDocument } from '../../engine/index.js';
import { checkDraft, contentHashOf, previewImport, problemText, todayOf, type ImportPreview } from '../policy-engine.js';
import { readPolicyWorkbook, writePolicyWorkbook, XLSX_TYPE } from '../policy-documents/policy-workbook.js';
import { committeeDocumentOf, type ImpactFigures, type Language } from '../policy-documents/committee-document.js';
import { simulationJobs } from '../impact/simulation-jobs.js';
import type { Actor, DomainContext } from './context.js';
import { DomainError } from './errors.js';
import { readDraft, saveDraft, type Precondition } from './draft-lifecycle.js';
import { readVersion } from './policies.js';
import { upgradedVersion } from './stored-documents.js';

export { XLSX_TYPE };

/** A version's workbook, named for download. */
export async function versionWorkbook(ctx: DomainContext, policyId: string, version: number) {
  const v = await readVersion(ctx, policyId, version);
  const bytes = await writePolicyWorkbook(v.document, { version: v.version, contentHash: v.contentHash, exportedAt: ctx.clock.now().toISOString() });
  return { bytes, fileName: `${v.policyId}-v${v.version}.xlsx` };
}

/** The draft's workbook, with the etag it was exported at. */
export async function draftWorkbook(ctx: DomainContext, policyId: string) {
  const draft = await readDraft(ctx, policyId);
  const bytes = await writePolicyWorkbook(draft.document, { version: null, contentHash: contentHashOf(draft.document), exportedAt: ctx.clock.now().toISOString() });
  return { bytes, etag: draft.etag, fileName: `${draft.policyId}-draft.xlsx` };
}

async function previewOf(bytes: Buffer, base: PolicyDocument): Promise<ImportPreview> {
  if (bytes.length === 0) throw new DomainError('INVALID_REQUEST', `Send the .xlsx file as the request body (Content-Type: ${XLSX_TYPE}).`);
  const read = await readPolicyWorkbook(bytes);
  if (!read.workbook)
    return { ok: false, problems: read.problems.map((p) => ({ ...p, text: problemText(p) })), source: { policyId: null, version: null, contentHash: null }, document: null, diff: null, validation: null };
  return previewImport(base, read.workbook);
}

/** Dry run: what importing this workbook into the draft would change, and its problems. */
export async function previewWorkbookImport(ctx: DomainContext, policyId: string, bytes: Buffer): Promise<ImportPreview> {
  const draft = await readDraft(ctx, policyId);
  return previewOf(bytes, draft.document);
}

/** The import itself: nothing changes unless the whole workbook reads cleanly; then one audited draft save. */
export async function importWorkbook(ctx: DomainContext, actor: Actor, input: { policyId: string; bytes: Buffer; ifMatch: Precondition; comment: string | null }) {
  const draft = await readDraft(ctx, input.policyId);
  if (input.ifMatch !== '*' && input.ifMatch !== draft.etag)
    throw new DomainError('PRECONDITION_FAILED', 'The draft changed since you read it: read it again, preview the import again, then import.');
  const preview = await previewOf(input.bytes, draft.document);
  if (!preview.ok || !preview.document)
    throw new DomainError('WORKBOOK_INVALID', `The workbook has ${preview.problems.length} problem(s): ${preview.problems.slice(0, 3).map((p) => p.text).join('; ')}.`, { problems: preview.problems });
  const changes = preview.diff?.changes ?? [];
  const check = checkDraft(preview.document, todayOf(ctx.clock));
  const errors = check.diagnostics.filter((d) => d.severity === 'error').length;
  const saved = await saveDraft(ctx, actor, {
    policyId: input.policyId,
    document: preview.document,
    ifMatch: draft.etag,
    comment: input.comment || `Imported a workbook (${changes.length} change(s))`,
    details: { import: 'workbook', source: preview.source, changes: changes.length },
  });
  return { ...saved, changes };
}

/** The credit-committee document of a version, with the latest impact this process holds. */
export async function committeeDocument(ctx: DomainContext, policyId: string, version: number, lang: Language) {
  const v = await readVersion(ctx, policyId, version);
  const stored = version > 1 ? await ctx.store.getVersion(policyId, version - 1) : null;
  const previous = stored ? upgradedVersion(stored) : null;
  const policy = await ctx.store.getPolicy(policyId);
  return committeeDocumentOf({ version: v, previous, activeVersion: policy?.activeVersion ?? null, lang, impact: await latestImpact(ctx, policyId, v.contentHash) });
}

/** The newest finished simulation (kept in the store) whose "after" side had this content. */
async function latestImpact(ctx: DomainContext, policyId: string, contentHash: string): Promise<ImpactFigures | null> {
  const jobs = simulationJobs(ctx);
  const listed = (await jobs.list(policyId)).find((j) => j.status === 'done' && j.to.contentHash === contentHash);
  const job = listed ? await jobs.get(policyId, listed.jobId) : null;
  if (!job?.result) return null;
  const r = job.result;
  return {
    finishedAt: job.finishedAt ?? job.createdAt,
    againstVersion: job.from.version,
    customers: r.rowCount,
    outcomes: r.outcomes.map((outcome, i) => ({ outcome, a: r.a.outcomeCounts[i] ?? 0, b: r.b.outcomeCounts[i] ?? 0 })),
    grossLimit: { a: r.a.grossLimit, b: r.b.grossLimit },
    changed: r.changed.any,
    currency: r.currency,
  };
}
