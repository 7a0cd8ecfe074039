/** `creditgraph decide <policy.json> <facts.json> [--trace]`: the decision JSON on stdout. */
import { checkFacts, compilePolicy, validatePolicy, withWarnings } from '../engine/index.js';
import type { Output } from './cli.js';
import { readJsonFile } from './read-json-file.js';
import { diagnosticLine, plural } from './report-lines.js';

export function decideCommand(policyPath: string, factsPath: string, trace: boolean, io: Output): number {
  const document = readJsonFile(policyPath, 'policy');
  const facts = readJsonFile(factsPath, 'facts');

  // Failing golden tests do not stop a decision (that is `validate`'s job); errors do.
  const validation = validatePolicy(document);
  if (!validation.valid || !validation.document) {
    const errors = validation.diagnostics.filter((d) => d.severity === 'error');
    for (const d of errors) io.err(diagnosticLine(d));
    io.err(`${policyPath}: cannot decide, the policy has ${plural(errors.length, 'error')}`);
    return 1;
  }
  const compiled = compilePolicy(validation.document);

  const check = checkFacts(validation.document, facts);
  if (!check.ok) {
    for (const e of check.errors) io.err(`error fact ${e.field || '(request)'} (${e.code}): ${e.message}`);
    io.err(`${factsPath}: ${plural(check.errors.length, 'fact')} refused by the policy's inputs`);
    return 1;
  }
  // Flags the policy raises without refusing (terms above the legal cap) travel in the decision.
  const decision = withWarnings(compiled.evaluate(check.facts, { trace }), check.warnings, validation.document.language ?? 'en');
  io.out(JSON.stringify(decision, null, 2));
  return 0;
}
