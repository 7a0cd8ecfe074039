/** The two sides of a simulation: a published version (by number or the active one) or the draft. */
import type { PolicyDocument } from '../../engine/index.js';
import { DomainError } from '../domain/errors.js';
import { compileDraft } from '../policy-engine.js';
import type { Services } from '../services.js';
import { upgradedDraft } from '../domain/stored-documents.js';

/** As the caller wrote it: `active`, `draft` or a version number. */
export const TARGET_PATTERN = '^(active|draft|[1-9][0-9]{0,8})$';

export interface SimulationTarget {
  target: string;
  /** The published version it resolved to; null for the draft. */
  version: number | null;
  /** Draft revision at the time of the simulation (a later save makes the result stale). */
  draftEtag: string | null;
  contentHash: string | null;
  /** Cache key of the compiled document in the workers. */
  key: string;
  document: PolicyDocument;
}

export async function resolveTarget(services: Services, policyId: string, target: string): Promise<SimulationTarget> {
  if (target === 'draft') {
    const stored = await services.store.getDraft(policyId);
    const draft = stored ? upgradedDraft(stored) : null;
    if (!draft) {
      await services.versions.policy(policyId); // 404 for an unknown policy first
      throw new DomainError('NOT_FOUND', `Policy "${policyId}" has no draft to simulate.`);
    }
    compileDraft(draft.document); // 422 with the diagnostics when it does not compile
    return { target, version: null, draftEtag: draft.etag, contentHash: null, key: `draft:${policyId}:${draft.etag}`, document: draft.document };
  }
  const resolved = await services.versions.resolve(policyId, target === 'active' ? undefined : Number(target));
  return {
    target,
    version: resolved.version,
    draftEtag: null,
    contentHash: resolved.contentHash,
    key: `${policyId}@${resolved.contentHash}`,
    document: resolved.document,
  };
}

/** What a job shows of a target (the document stays on the server). */
export const targetInfo = (t: SimulationTarget) => ({ target: t.target, version: t.version, draftEtag: t.draftEtag, contentHash: t.contentHash });
