/** `creditgraph validate <policy.json>`: every diagnostic, then each golden test, then a verdict. */
import { checkPolicy } from '../engine/index.js';
import type { Output } from './cli.js';
import { readJsonFile, UsageError } from './read-json-file.js';
import { diagnosticLine, goldenLine, plural } from './report-lines.js';

/** `today`: the date dated reference figures are checked against (YYYY-MM-DD; default the machine's, UTC). */
export function validateCommand(path: string, io: Output, lang = 'en', today = new Date().toISOString().slice(0, 10)): number {
  if (lang !== 'fr' && lang !== 'en') throw new UsageError(`--lang must be fr or en (got "${lang}")`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new UsageError(`--today must be a date YYYY-MM-DD (got "${today}")`);
  const check = checkPolicy(readJsonFile(path, 'policy'), { today });
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
