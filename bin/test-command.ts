/** `creditgraph test <policy.json>`: the golden tests only, one line per case. */
import { checkPolicy } from '../engine/index.js';
import type { Output } from './cli.js';
import { readJsonFile } from './read-json-file.js';
import { diagnosticLine, goldenLine, plural } from './report-lines.js';

export function testCommand(path: string, io: Output): number {
  const check = checkPolicy(readJsonFile(path, 'policy'));
  if (!check.compiled || !check.document) {
    // Tests need a compiled policy: say why there is none.
    const errors = check.diagnostics.filter((d) => d.severity === 'error');
    for (const d of errors) io.err(diagnosticLine(d));
    io.err(`${path}: golden tests not run, the policy has ${plural(errors.length, 'error')} (see \`creditgraph validate\`)`);
    return 1;
  }
  for (const g of check.golden) io.out(goldenLine(g, check.document));
  const failed = check.golden.filter((g) => !g.passed).length;
  io.out(check.golden.length === 0 ? `${path}: no golden tests` : `${path}: ${check.golden.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}
