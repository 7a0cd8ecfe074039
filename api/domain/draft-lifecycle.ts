/**
 * The draft lifecycle, the one place its rules live: a policy starts as a draft; a draft is saved
 * with optimistic concurrency (etag), submitted once it validates, sent back by a reviewer, and
 * remembers everyone who changed its content since the last published version (four-eyes,
 * see publish-activate.ts). Each transition writes its audit entry through the store, in the same
 * commit. Stores only compare-and-set what this module decides.
 */
import { randomBytes } from 'node:crypto';
import type { PolicyDocument } from '../../engine/index.js';
import type { AuditContext, DraftRecord, PolicyRecord } from '../store/store.js';
import { checkDraft, checkFactsWithWarnings, compileDraft, contentHashOf, evaluate, policyProblem, todayOf, type CompiledPolicy, type DraftCheck } from '../policy-engine.js';
import type { Actor, DomainContext } from './context.js';
import { DomainError } from './errors.js';
import { upgradedDraft } from './stored-documents.js';

/** A new opaque revision tag: every write of a draft gets one (the HTTP ETag). */
export const newEtag = () => randomBytes(12).toString('base64url');

/** '*' (any draft, or none yet), an etag, or null (the caller named none). */
export type Precondition = string | null;

export const auditContext = (actor: Actor, comment?: string | null, details?: Record<string, unknown>): AuditContext => ({
  actor: actor.id,
  ...(comment ? { comment } : {}),
  ...(details ? { details } : {}),
});

/** Everyone the four-eyes rule excludes from approving this draft. */
export function draftEditors(draft: DraftRecord): string[] {
  return draft.editors ?? [draft.updatedBy]; // drafts stored before editors were kept: the last one known
}

export async function requirePolicy({ store }: DomainContext, policyId: string): Promise<PolicyRecord> {
  const policy = await store.getPolicy(policyId);
  if (!policy) throw new DomainError('NOT_FOUND', `No policy "${policyId}".`);
  return policy;
}

/** The draft to read, test or publish: its document in the current format (upgraded on read, not written back). */
export async function readDraft(ctx: DomainContext, policyId: string): Promise<DraftRecord> {
  return upgradedDraft(await requireDraft(ctx, policyId));
}

/** The draft as stored (to change its status: what is written back is what was stored). */
export async function requireDraft({ store }: DomainContext, policyId: string): Promise<DraftRecord> {
  const draft = await store.getDraft(policyId);
  if (!draft) {
    const policy = await store.getPolicy(policyId);
    throw new DomainError('NOT_FOUND', policy ? `Policy "${policyId}" has no draft.` : `No policy "${policyId}".`);
  }
  return draft;
}

const stale = (policyId: string, what = 'changed since it was read') => new DomainError('PRECONDITION_FAILED', `The draft of "${policyId}" has ${what} (stale ETag).`);

/** A request that names an etag other than the draft's: someone changed it meanwhile. */
export function checkPrecondition(draft: DraftRecord, ifMatch: Precondition, what?: string): void {
  if (ifMatch !== null && ifMatch !== '*' && ifMatch !== draft.etag) throw stale(draft.policyId, what);
}

const editingDraft = (policyId: string, document: PolicyDocument, baseVersion: number | null, at: string, actor: string, editors: string[]): DraftRecord => ({
  policyId,
  document,
  etag: newEtag(),
  status: 'editing',
  baseVersion,
  updatedAt: at,
  updatedBy: actor,
  submittedAt: null,
  submittedBy: null,
  submitComment: null,
  editors,
});

/** A new policy: its first draft, kept even when it does not validate yet (its diagnostics come back). */
export async function createPolicy(ctx: DomainContext, actor: Actor, document: PolicyDocument, comment: string | null = null): Promise<{ policy: PolicyRecord; draft: DraftRecord; check: DraftCheck }> {
  const check = checkDraft(document, todayOf(ctx.clock));
  const at = ctx.clock.now().toISOString();
  const id = document.id;
  const policy: PolicyRecord = { id, name: document.name, createdAt: at, createdBy: actor.id, activeVersion: null, latestVersion: null, updatedAt: at };
  const draft = editingDraft(id, document, null, at, actor.id, [actor.id]);
  await ctx.store.insertPolicy({
    policy,
    draft,
    audit: { action: 'policy.created', policyId: id, contentHash: contentHashOf(document), audit: auditContext(actor, comment, { valid: check.valid }) },
  });
  return { policy, draft, check };
}

/**
 * Saves a work-in-progress document (errors allowed: they come back as diagnostics). `If-Match: *`
 * creates the draft of a policy that has none. A submitted draft is frozen until a reviewer sends
 * it back.
 */
export async function saveDraft(
  ctx: DomainContext,
  actor: Actor,
  input: { policyId: string; document: PolicyDocument; ifMatch: string; comment: string | null; details?: Record<string, unknown> },
): Promise<{ draft: DraftRecord; check: DraftCheck }> {
  const { policyId, document, ifMatch } = input;
  if (document.id !== policyId)
    throw new DomainError('INVALID_REQUEST', `The document's id "${String(document.id)}" is not the policy's id "${policyId}".`, {
      errors: [{ pointer: '/document/id', detail: `must be "${policyId}"` }],
    });
  const policy = await requirePolicy(ctx, policyId);
  const current = await ctx.store.getDraft(policyId);
  if (current) {
    checkPrecondition(current, ifMatch);
    if (current.status === 'submitted') throw new DomainError('CONFLICT', `The draft of "${policyId}" is submitted for approval; reject it before editing.`);
  } else if (ifMatch !== '*') {
    throw new DomainError('PRECONDITION_FAILED', `Policy "${policyId}" has no draft; create one with If-Match: *.`);
  }
  const check = checkDraft(document, todayOf(ctx.clock));
  const errors = check.diagnostics.filter((d) => d.severity === 'error').length;
  const contentHash = contentHashOf(document);
  // Four-eyes counts whoever changed the content, not who pressed save on an identical document.
  const changed = !current || contentHashOf(current.document) !== contentHash;
  const before = current ? draftEditors(current) : [];
  const editors = changed && !before.includes(actor.id) ? [...before, actor.id] : before;
  const at = ctx.clock.now().toISOString();
  const draft = editingDraft(policyId, document, current ? current.baseVersion : policy.latestVersion, at, actor.id, editors);
  const saved = await ctx.store.putDraft({
    draft,
    expectEtag: current?.etag ?? null,
    audit: { action: 'draft.saved', policyId, version: draft.baseVersion, contentHash, audit: auditContext(actor, input.comment, { ...input.details, errors, warnings: check.diagnostics.length - errors }) },
  });
  return { draft: saved, check };
}

/** editing → submitted: only a draft that validates (nobody should be asked to approve what cannot be published). */
export async function submitDraft(ctx: DomainContext, actor: Actor, input: { policyId: string; ifMatch: Precondition; comment: string }): Promise<DraftRecord> {
  const current = await requireDraft(ctx, input.policyId);
  const check = checkDraft(current.document, todayOf(ctx.clock));
  if (!check.valid) throw policyProblem(check, { en: 'The draft', fr: 'Le brouillon' });
  checkPrecondition(current, input.ifMatch);
  if (current.status === 'submitted') throw new DomainError('CONFLICT', `The draft of "${input.policyId}" is already submitted.`);
  const draft: DraftRecord = {
    ...current,
    status: 'submitted',
    etag: newEtag(),
    submittedAt: ctx.clock.now().toISOString(),
    submittedBy: actor.id,
    submitComment: input.comment,
    editors: draftEditors(current),
  };
  return ctx.store.putDraft({
    draft,
    expectEtag: current.etag,
    audit: { action: 'draft.submitted', policyId: input.policyId, version: draft.baseVersion, contentHash: contentHashOf(draft.document), audit: auditContext(actor, input.comment) },
  });
}

/**
 * A submitted draft that is not awaiting approval is a conflict; one that changed since the
 * reviewer read it (If-Match) is stale: a review answers for exactly what was reviewed.
 */
export function checkUnderReview(draft: DraftRecord, ifMatch: Precondition): void {
  if (draft.status !== 'submitted') throw new DomainError('CONFLICT', `The draft of "${draft.policyId}" is not awaiting approval (status ${draft.status}).`);
  checkPrecondition(draft, ifMatch, 'changed since you reviewed it');
}

/** submitted → editing: the reviewer sends it back with a comment. */
export async function rejectDraft(ctx: DomainContext, actor: Actor, input: { policyId: string; ifMatch: Precondition; comment: string }): Promise<DraftRecord> {
  const current = await requireDraft(ctx, input.policyId);
  checkUnderReview(current, input.ifMatch);
  const draft: DraftRecord = {
    ...current,
    status: 'editing',
    etag: newEtag(),
    updatedAt: ctx.clock.now().toISOString(),
    updatedBy: actor.id,
    submittedAt: null,
    submittedBy: null,
    submitComment: null,
    editors: draftEditors(current),
  };
  return ctx.store.putDraft({
    draft,
    expectEtag: current.etag,
    audit: { action: 'draft.rejected', policyId: input.policyId, version: draft.baseVersion, contentHash: contentHashOf(draft.document), audit: auditContext(actor, input.comment) },
  });
}

/** Validation and golden tests of the saved draft, or of unsaved edits sent along. */
export async function validateDraft(ctx: DomainContext, policyId: string, document?: unknown): Promise<DraftCheck> {
  return checkDraft(document ?? (await readDraft(ctx, policyId)).document, todayOf(ctx.clock));
}

/** The saved draft, compiled (its golden tests may still fail: test-running helps fix them). */
export async function compiledDraft(
  ctx: DomainContext & { draftsCompiled: { getOrCompile(policyId: string, key: string, compile: () => CompiledPolicy): CompiledPolicy } },
  policyId: string,
): Promise<CompiledPolicy> {
  const draft = await readDraft(ctx, policyId);
  // Keyed by etag: every save changes it, so a cached compile is never the wrong content.
  return ctx.draftsCompiled.getOrCompile(policyId, draft.etag, () => compileDraft(draft.document));
}

/** Test-run the saved draft on facts: the decision it would give (not logged). */
export async function testRunDraft(ctx: Parameters<typeof compiledDraft>[0], policyId: string, facts: unknown, trace: boolean) {
  const compiled = await compiledDraft(ctx, policyId);
  const checked = checkFactsWithWarnings(compiled, facts);
  return evaluate(compiled, checked.facts, trace, undefined, checked.warnings);
}
