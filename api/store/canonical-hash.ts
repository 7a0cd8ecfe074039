/**
 * sha-256 of canonical JSON (RFC 8785 via `canonicalize`), the hash every stored artefact uses:
 * audit entries, draft contents. Canonical so the same value hashes the same on every machine.
 */
import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';

// A CommonJS package whose typings declare an ES default export: under NodeNext the function is
// the module itself at runtime, which TypeScript cannot see.
type Canonicalize = (input: unknown) => string | undefined;
const canonicalize: Canonicalize =
  typeof canonicalizeModule === 'function' ? (canonicalizeModule as Canonicalize) : (canonicalizeModule as unknown as { default: Canonicalize }).default;

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON representation');
  return text;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function canonicalHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
