/**
 * Conditional requests (RFC 9110 §13.1.1): If-Match with the STRONG comparison function. A draft
 * revision is an exact byte-for-byte state, so only a strong entity tag equal to the current one
 * matches: a weak tag (`W/"…"`), an unquoted value or a malformed list never does, and `*` is
 * refused too — it would overwrite whatever the draft holds now, which is what If-Match exists to
 * prevent. The JSON `etag` fields carry the same quoted form as the ETag header, so either can be
 * sent back as is.
 */
import type { IncomingMessage } from 'node:http';

/** The entity tag of a draft revision, as sent in the ETag header and the JSON `etag` fields. */
export const entityTag = (opaque: string) => `"${opaque}"`;

/** What an If-Match header asks for. */
export type IfMatch =
  | { kind: 'absent' }
  | { kind: 'any' }
  /** The opaque values of the strong tags listed (weak ones can never match strongly). */
  | { kind: 'tags'; strong: string[]; weak: number }
  | { kind: 'malformed' };

const ENTITY_TAG = /^(W\/)?"([\x21\x23-\x7E\x80-\xFF]*)"$/;

export function parseIfMatch(header: string | string[] | undefined): IfMatch {
  const raw = Array.isArray(header) ? header.join(',') : header;
  if (raw === undefined || raw.trim() === '') return { kind: 'absent' };
  if (raw.trim() === '*') return { kind: 'any' };
  const strong: string[] = [];
  let weak = 0;
  for (const part of raw.split(',')) {
    const tag = part.trim();
    if (tag === '') continue; // the list syntax tolerates empty elements
    const m = ENTITY_TAG.exec(tag);
    if (!m) return { kind: 'malformed' };
    if (m[1]) weak++;
    else strong.push(m[2]!);
  }
  if (strong.length === 0 && weak === 0) return { kind: 'malformed' };
  return { kind: 'tags', strong, weak };
}

/**
 * Never the opaque value of a real revision (those are quote-free): what the store is asked to
 * match when the header cannot match anything, so it answers 412 exactly as for a stale tag.
 */
export const NEVER_MATCHES = '"never-matches"';

/**
 * The revision an If-Match names, for a store's compare-and-set, or null when there is no header.
 * A header that cannot strongly match anything yields NEVER_MATCHES (→ 412 Precondition Failed).
 */
export function strongIfMatch(req: IncomingMessage): string | null {
  const parsed = parseIfMatch(req.headers['if-match']);
  if (parsed.kind === 'absent') return null;
  if (parsed.kind === 'tags' && parsed.strong.length > 0) return parsed.strong[0]!;
  return NEVER_MATCHES;
}

/**
 * If-None-Match uses the WEAK comparison (RFC 9110 §13.1.2): true when the client already holds
 * this revision, so a GET can answer 304 Not Modified without a body.
 */
export function notModified(req: IncomingMessage, opaque: string): boolean {
  const raw = req.headers['if-none-match'];
  if (typeof raw !== 'string' || raw.trim() === '') return false;
  if (raw.trim() === '*') return true;
  return raw.split(',').some((part) => {
    const m = ENTITY_TAG.exec(part.trim());
    return m !== null && m[2] === opaque;
  });
}
