/**
 * Policy documents carry the version of the format they were written in (`schemaVersion`). An
 * older document is upgraded on read, by a pure function, so the engine only ever reasons about the
 * current format.
 *
 * Version 2 (this release) adds, all optional: inclusive/exclusive bounds, segmented ladders,
 * scoring modes, texts in two languages and `language`, `requiredWhen`, golden expectations with a
 * precision, `round`, approvals without an amount. Every version 1 document means exactly the same
 * under version 2, so the upgrade only states the new version.
 *
 * Hashes: a published version's contentHash is computed over the document AS PUBLISHED (its stored
 * form, original schemaVersion included), and keeps identifying that content; the upgrade is
 * applied to a copy and never written back.
 */
export const CURRENT_SCHEMA_VERSION = 2;

export interface Migration {
  /** The document in the current format (the input itself when it already was). */
  document: unknown;
  /** The version it was written in (null when it states none we know). */
  from: number | null;
  /** Whether anything was changed. */
  migrated: boolean;
}

const UPGRADES: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {
  1: (doc) => ({ ...doc, schemaVersion: 2 }),
};

/** Upgrades a document of any known older version; anything else is returned as it is, for validation to report. */
export function migratePolicy(document: unknown): Migration {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) return { document, from: null, migrated: false };
  const version = (document as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version > CURRENT_SCHEMA_VERSION || !(version in UPGRADES || version === CURRENT_SCHEMA_VERSION)) {
    return { document, from: typeof version === 'number' ? version : null, migrated: false };
  }
  let current = document as Record<string, unknown>;
  for (let v = version; v < CURRENT_SCHEMA_VERSION; v++) current = UPGRADES[v]!(current);
  return { document: current, from: version, migrated: version !== CURRENT_SCHEMA_VERSION };
}
