/**
 * Publishing and activation. A submitted draft becomes version N+1 only when a second person
 * approves it — someone who neither submitted it nor changed its content since the last
 * published version — and only if it still validates and passes its golden tests. The version
 * is exactly what was reviewed: an approval naming the reviewed etag fails (412) once the draft
 * moved, and the version records the content hash of what was approved. The first version is
 * also activated; later ones are activated explicitly (rollback = activate an older one).
 */
import type { PolicyDocument } from '../../engine/index.js';
import { StoreError, type DraftRecord, type PolicyRecord, type VersionRecord } from '../store/store.js';
import { checkDraft, contentHashOf, policyProblem, todayOf } from '../policy-engine.js';
import type { Actor, DomainContext } from './context.js';
import { DomainError } from './errors.js';
import { endExperimentOnActivation } from './experiment-lifecycle.js';
import { auditContext, checkUnderReview, createPolicy, draftEditors, newEtag, readDraft, requirePolicy, submitDraft, type Precondition } from './draft-lifecycle.js';

/** Published versions are cached by the version resolver: it forgets a policy whose versions moved. */
export interface VersionCache {
  forget(policyId: string): void;
}

/** Why this person may not approve this draft (four-eyes), or null when they may. */
export function fourEyesRefusal(draft: DraftRecord, approver: string): string | null {
  if (draft.submittedBy === approver) return 'You submitted this draft: another approver must approve it.';
  if (draftEditors(draft).includes(approver))
    return `You changed this draft since ${draft.baseVersion === null ? 'it was created' : `version ${draft.baseVersion} was published`}: another approver must approve it.`;
  return null;
}

async function publish(ctx: DomainContext, actor: Actor, draft: DraftRecord, comment: string): Promise<VersionRecord> {
  const policy = await requirePolicy(ctx, draft.policyId);
  const number = (policy.latestVersion ?? 0) + 1;
  const at = ctx.clock.now().toISOString();
  const contentHash = contentHashOf(draft.document);
  const version: VersionRecord = {
    policyId: draft.policyId,
    version: number,
    document: draft.document,
    contentHash,
    publishedAt: at,
    author: draft.submittedBy ?? draft.updatedBy,
    approvedBy: actor.id,
    submitComment: draft.submitComment,
    approveComment: comment,
  };
  const activate = policy.activeVersion === null;
  // The draft goes on from what was published, with nobody's changes pending.
  const next: DraftRecord = { ...draft, status: 'editing', etag: newEtag(), baseVersion: number, submittedAt: null, submittedBy: null, submitComment: null, editors: [] };
  try {
    await ctx.store.appendVersion({
      version,
      draft: next,
      expectEtag: draft.etag,
      activate,
      audit: { action: 'version.published', policyId: draft.policyId, version: number, contentHash, details: { activated: activate, approvedEtag: draft.etag }, audit: auditContext(actor, comment) },
    });
  } catch (err) {
    // The draft was current when this approver read it: losing a race to another approver (or
    // an author's edit) between that read and this write is a conflict of state, not a stale view.
    if (err instanceof StoreError && (err.code === 'PRECONDITION_FAILED' || err.code === 'CONFLICT'))
      throw new DomainError('CONFLICT', `The draft of "${draft.policyId}" was approved or changed by someone else a moment ago: read it again.`);
    throw err;
  }
  return version;
}

/** Approve the submitted draft: four eyes, the reviewed etag, validation and golden tests, then publish. */
export async function approveDraft(
  ctx: DomainContext & { versions: VersionCache },
  actor: Actor,
  input: { policyId: string; ifMatch: Precondition; comment: string },
): Promise<VersionRecord> {
  // What is published is what the reviewer read: the draft in the current format.
  const draft = await readDraft(ctx, input.policyId);
  checkUnderReview(draft, input.ifMatch);
  const refusal = fourEyesRefusal(draft, actor.id);
  if (refusal) throw new DomainError('FOUR_EYES', refusal);
  const check = checkDraft(draft.document, todayOf(ctx.clock));
  if (!check.valid) throw policyProblem(check, { en: 'The draft cannot be published', fr: 'Le brouillon ne peut pas être publié' });
  const version = await publish(ctx, actor, draft, input.comment);
  ctx.versions.forget(input.policyId);
  return version;
}

/** Make a published version the one decisions use. */
export async function activateVersion(
  ctx: DomainContext & { versions: VersionCache },
  actor: Actor,
  input: { policyId: string; version: number; comment: string },
): Promise<PolicyRecord> {
  const { policyId } = input;
  const policy = await requirePolicy(ctx, policyId);
  const version = await ctx.store.getVersion(policyId, input.version);
  if (!version) throw new DomainError('NOT_FOUND', `Policy "${policyId}" has no version ${input.version}.`);
  const updated = await ctx.store.setActiveVersion({
    policyId,
    version: version.version,
    at: ctx.clock.now().toISOString(),
    audit: { action: 'version.activated', policyId, version: version.version, contentHash: version.contentHash, details: { previous: policy.activeVersion }, audit: auditContext(actor, input.comment) },
  });
  ctx.versions.forget(policyId);
  // Its open champion/challenger experiment ends: promoted when this is the challenger, else stopped.
  await endExperimentOnActivation(ctx, actor, { policyId, version: version.version, comment: input.comment });
  return updated;
}

/**
 * A reference policy loaded at first start: created, submitted and published by the system in
 * one go (the one publication without a second person: nobody has written anything yet).
 * A document that does not validate stays a draft; its check says why.
 */
export async function seedPublishedPolicy(ctx: DomainContext, document: PolicyDocument, comment: string): Promise<{ published: boolean; check: ReturnType<typeof checkDraft> }> {
  const system: Actor = { id: 'system' };
  const { check } = await createPolicy(ctx, system, document, comment);
  if (!check.valid) return { published: false, check };
  const submitted = await submitDraft(ctx, system, { policyId: document.id, ifMatch: null, comment });
  await publish(ctx, system, submitted, comment);
  return { published: true, check };
}
