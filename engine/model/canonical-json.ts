/**
 * RFC 8785 (JSON Canonicalization Scheme) text of a value, for content hashes: the same value
 * always gives the same string, whatever the key order it was built with.
 */
import canonicalizeModule from 'canonicalize';

// The package is CommonJS (`module.exports = serialize`) but its types declare an ES default export;
// under NodeNext TypeScript then types the default import as the module object. At run time
// (Node ESM and bundlers alike) the default import is the function itself.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('canonicalJson: the value has no JSON form (undefined or a function)');
  return text;
}
