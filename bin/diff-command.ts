/** `creditgraph diff <before.json> <after.json> [--json]`: what an approver needs to read. */
import { diffPolicies, type PolicyDocument } from '../engine/index.js';
import type { Output } from './cli.js';
import { readJsonFile, UsageError } from './read-json-file.js';

function readPolicy(path: string, what: string): PolicyDocument {
  const value = readJsonFile(path, what);
  // The diff copes with invalid drafts, but not with something that is not a document at all.
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`${what} file ${path} does not hold a policy document (a JSON object)`);
  }
  return value as PolicyDocument;
}

export function diffCommand(beforePath: string, afterPath: string, json: boolean, io: Output, lang = 'en'): number {
  if (lang !== 'fr' && lang !== 'en') throw new UsageError(`--lang must be fr or en (got "${lang}")`);
  const diff = diffPolicies(readPolicy(beforePath, 'before'), readPolicy(afterPath, 'after'), { language: lang });
  if (json) {
    io.out(JSON.stringify(diff, null, 2));
    return 0;
  }
  for (const change of diff.changes) io.out(change.message);
  if (diff.changes.length === 0) io.out(diff.patch.length === 0 ? 'No changes.' : 'No change that matters (only the order of unordered items).');
  else if (!diff.semanticChange) io.out('(Only layout, labels or descriptions changed: no decision can change.)');
  return 0;
}
