/**
 * A published version is served only if its document still hashes to the content hash recorded
 * when it was published: a document edited on disk would otherwise decide silently differently.
 */
import { canonicalHash } from '../store/canonical-hash.js';

export function documentMatchesHash(document: unknown, contentHash: string): boolean {
  try {
    return canonicalHash(document) === contentHash;
  } catch {
    return false;
  }
}
