/**
 * Stored drafts and versions are served and evaluated in the current format: a document written
 * in an older `schemaVersion` is upgraded on read (engine/model/migrate-policy.ts), on a copy. The
 * stored bytes stay as they were, and so does a version's contentHash, which is the hash of the
 * document as published (docs/policy-format.md, "Format versions").
 */
import type { DraftRecord, VersionRecord } from '../store/store.js';
import { upgradedDocument } from '../policy-engine.js';

export const upgradedDraft = (draft: DraftRecord): DraftRecord => {
  const document = upgradedDocument(draft.document);
  return document === draft.document ? draft : { ...draft, document };
};

export const upgradedVersion = (version: VersionRecord): VersionRecord => {
  const document = upgradedDocument(version.document);
  return document === version.document ? version : { ...version, document };
};
