/**
 * What importing a workbook into a draft would do, before anything is saved: the problems of the
 * workbook (sheet!cell), or the imported document with the changes in words (the policy diff) and
 * its validation. The same preview serves the API, the command line and the editor.
 */
import { diffPolicies, type PolicyDiff } from '../diff/diff-policies.js';
import type { PolicyDocument } from '../model/policy-schema.js';
import { checkPolicy } from '../pipeline/check-policy.js';
import type { Diagnostic } from '../validate/diagnostic.js';
import { problemText, type TableProblem } from './table-cells.js';
import { tablesToPolicy, type RawWorkbook, type TablesImport } from './tables-to-policy.js';

export interface ImportPreview {
  /** False when the workbook has problems: then nothing may be applied. */
  ok: boolean;
  problems: (TableProblem & { text: string })[];
  source: TablesImport['source'];
  document: PolicyDocument | null;
  diff: PolicyDiff | null;
  validation: { valid: boolean; diagnostics: Diagnostic[] } | null;
}

export function previewImport(base: PolicyDocument, workbook: RawWorkbook): ImportPreview {
  const result = tablesToPolicy(base, workbook);
  const problems = result.problems.map((p) => ({ ...p, text: problemText(p) }));
  if (!result.document) return { ok: false, problems, source: result.source, document: null, diff: null, validation: null };
  // Validation, compilation and the golden tests: what submitting the draft will require.
  const validation = checkPolicy(result.document);
  return {
    ok: true,
    problems,
    source: result.source,
    document: result.document,
    diff: diffPolicies(base, result.document),
    validation: { valid: validation.valid, diagnostics: validation.diagnostics },
  };
}
