/**
 * sha-256 of canonical JSON (RFC 8785 via `canonicalize`), the hash every stored artefact uses:
 * audit entries, draft contents. Canonical so the same value hashes the same on every machine.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../engine/model/canonical-json.js';

export { canonicalJson };

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function canonicalHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
