/**
 * checkPolicy: validation plus what needs the compiler. A valid policy is compiled and its golden
 * tests are run; each failing test becomes a GOLDEN_TEST_FAILED diagnostic, so publishing, the
 * editor and the CLI all read one list of problems.
 */
import { compilePolicy, type CompiledPolicy } from '../compile/compile-policy.js';
import { PolicyInvalidError } from '../compile/policy-invalid-error.js';
import { runGoldenTests, type GoldenResult } from '../golden/run-golden-tests.js';
import type { PolicyDocument } from '../model/policy-schema.js';
import { DiagnosticList, type Diagnostic } from '../validate/diagnostic.js';
import { pointer } from '../validate/json-pointer.js';
import { checkMonotonicity } from './check-monotonicity.js';
import { validatePolicy, type ValidationOptions, type ValidationResult } from '../validate/validate-policy.js';
import { says, type DiagnosticText } from '../i18n/diagnostic-messages.js';

export interface PolicyCheck extends ValidationResult {
  compiled: CompiledPolicy | null;
  golden: GoldenResult[];
}

/** `options.today`: see ValidationOptions (reference figures are dated against it). */
export function checkPolicy(document: unknown, options: ValidationOptions = {}): PolicyCheck {
  const validation = validatePolicy(document, options);
  if (!validation.valid || !validation.document) return { ...validation, compiled: null, golden: [] };
  const doc = validation.document;

  let compiled: CompiledPolicy;
  try {
    compiled = compilePolicy(doc);
  } catch (error) {
    return { ...validation, valid: false, diagnostics: [...validation.diagnostics, ...compileDiagnostics(doc, validation.diagnostics, error)], compiled: null, golden: [] };
  }

  const golden = runGoldenTests(compiled);
  const out = new DiagnosticList(doc);
  checkMonotonicity(compiled, out);
  for (const result of golden) {
    if (result.passed) continue;
    const index = doc.tests.findIndex((t) => t.id === result.testId);
    out.report('GOLDEN_TEST_FAILED', index >= 0 ? pointer('tests', index) : '/tests', describeFailure(result));
  }
  const diagnostics = [...validation.diagnostics, ...out.items];
  return { valid: !diagnostics.some((d) => d.severity === 'error'), diagnostics, document: doc, compiled, golden };
}

/** The compiler's own diagnostics, minus those validation already gave; anything else is a COMPILE_FAILED. */
function compileDiagnostics(doc: PolicyDocument, known: Diagnostic[], error: unknown): Diagnostic[] {
  if (error instanceof PolicyInvalidError && error.diagnostics.length > 0) {
    const seen = new Set(known.map((d) => `${d.code}|${d.path}`));
    const fresh = error.diagnostics.filter((d) => !seen.has(`${d.code}|${d.path}`));
    return fresh.length > 0 ? fresh : error.diagnostics;
  }
  const out = new DiagnosticList(doc);
  const reason = error instanceof Error ? error.message : String(error);
  out.report('COMPILE_FAILED', '', says('compileFailed', { reason }));
  return out.items;
}

function describeFailure(result: GoldenResult): DiagnosticText {
  const factErrors = (result.factErrors ?? []).map((e) => (e.field && !e.message.includes(e.field) ? `${e.field}: ${e.message}` : e.message));
  // facts refused are told above, fact by fact
  const failures = result.failures.filter((f) => !(f.field === 'facts' && result.factErrors)).map((f) => ({ field: f.field, expected: f.expected, actual: f.actual }));
  return says('goldenFailed', { factErrors, failures });
}
