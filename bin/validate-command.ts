/** `creditgraph validate <policy.json>`: every diagnostic, then each golden test, then a verdict. */
import { checkPolicy } from '../engine/index.js';
import type { Output } from './cli.js';
import { readJsonFile, UsageError } from './read-json-file.js';
import { diagnosticLine, goldenLine, plural } from './report-lines.js';

export function validateCommand(path: string, io: Output, lang = 'en'): number {
  if (lang !== 'fr' && lang !== 'en') throw new UsageError(`--lang must be fr or en (got "${lang}")`);
  const check = checkPolicy(readJsonFile(path, 'policy'));
  for (const d of check.diagnostics) io.out(diagnosticLine({ ...d, message: d.messages[lang] }));
  if (check.document) for (const g of check.golden) io.out(goldenLine(g, check.document));

  const errors = check.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = check.diagnostics.length - errors;
  const failed = check.golden.filter((g) => !g.passed).length;
  const golden = check.compiled
    ? `golden tests: ${check.golden.length - failed} passed, ${failed} failed`
    : 'golden tests not run';
  io.out(`${path}: ${check.valid ? 'valid' : 'INVALID'} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}; ${golden})`);
  return check.valid ? 0 : 1;
}
