/**
 * Reading policies: the list with each draft's status, one policy, its immutable versions, and the
 * semantic diff between any two of its states (a version number, the active one, or the draft).
 */
import type { PolicyDocument } from '../../engine/index.js';
import type { DraftRecord, VersionRecord } from '../store/store.js';
import { diff, type Language } from '../policy-engine.js';
import type { Services } from '../services.js';
import type { DomainContext } from './context.js';
import { requirePolicy } from './draft-lifecycle.js';
import { DomainError } from './errors.js';
import { upgradedDraft, upgradedVersion } from './stored-documents.js';

/** What a list shows of a draft: enough to know whether someone is editing or reviewing it. */
export const draftSummary = (d: DraftRecord | null) =>
  // etag in the quoted entity-tag form of the ETag header, as every JSON `etag` field
  d ? { status: d.status, etag: `"${d.etag}"`, updatedAt: d.updatedAt, updatedBy: d.updatedBy, baseVersion: d.baseVersion } : null;

export async function listPolicies({ store }: DomainContext) {
  const policies = await store.listPolicies();
  const drafts = await Promise.all(policies.map((p) => store.getDraft(p.id)));
  return policies.map((p, i) => ({
    id: p.id,
    name: p.name,
    activeVersion: p.activeVersion,
    latestVersion: p.latestVersion,
    updatedAt: p.updatedAt,
    draft: draftSummary(drafts[i] ?? null),
  }));
}

export async function readPolicy(ctx: DomainContext, policyId: string) {
  const policy = await requirePolicy(ctx, policyId);
  return { policy, draft: draftSummary(await ctx.store.getDraft(policyId)) };
}

export async function listVersions(ctx: DomainContext, policyId: string) {
  await requirePolicy(ctx, policyId);
  return ctx.store.listVersions(policyId);
}

export async function readVersion(ctx: DomainContext, policyId: string, version: number): Promise<VersionRecord> {
  const found = await ctx.store.getVersion(policyId, version);
  if (!found) throw new DomainError('NOT_FOUND', `Policy "${policyId}" has no version ${version}.`);
  return upgradedVersion(found);
}

/** The active version (the one decisions use), whole. */
export async function readActiveVersion(ctx: DomainContext, policyId: string): Promise<VersionRecord> {
  const policy = await requirePolicy(ctx, policyId);
  if (policy.activeVersion === null) throw new DomainError('NO_ACTIVE_VERSION', `Policy "${policyId}" has no active version yet.`);
  return readVersion(ctx, policyId, policy.activeVersion);
}

/** 'draft', 'active' or a version number → the document and a label for the answer. */
async function documentAt(ctx: DomainContext & Pick<Services, 'versions'>, policyId: string, which: string): Promise<{ ref: number | 'draft'; document: PolicyDocument }> {
  if (which === 'draft') {
    const draft = await ctx.store.getDraft(policyId);
    if (!draft) throw new DomainError('NOT_FOUND', `Policy "${policyId}" has no draft.`);
    return { ref: 'draft', document: upgradedDraft(draft).document };
  }
  let version: number;
  if (which === 'active') {
    const policy = await requirePolicy(ctx, policyId);
    if (policy.activeVersion === null) throw new DomainError('NO_ACTIVE_VERSION', `Policy "${policyId}" has no active version to compare with; name one with ?from=.`);
    version = policy.activeVersion;
  } else version = Number(which);
  const content = await ctx.versions.content(policyId, version);
  return { ref: version, document: content.document };
}

/** What changed from one state to another: the engine's semantic changes and the JSON Patch. */
export async function diffPolicy(ctx: DomainContext & Pick<Services, 'versions'>, policyId: string, from: string, to: string, language: Language = 'en') {
  const a = await documentAt(ctx, policyId, from);
  const b = await documentAt(ctx, policyId, to);
  return { from: a.ref, to: b.ref, ...diff(a.document, b.document, language) };
}
