/**
 * validatePolicy: every problem of a policy document at once, as diagnostics a person can act on.
 * Limits first (cheap), then the JSON Schema, then — only on a schema-valid document, whose
 * types can be trusted — the semantic checks. Never throws, whatever it is given.
 */
import type { PolicyDocument } from '../model/policy-schema.js';
import { checkDocumentLimits } from './document-limits.js';
import { DiagnosticList, type Diagnostic } from './diagnostic.js';
import { documentOrder } from './json-pointer.js';
import { checkSchema } from './schema-check.js';
import { checkSemantics } from './semantic-check.js';
import { checkReferenceFigures } from './check-reference-figures.js';

export type { Diagnostic } from './diagnostic.js';

export interface ValidationResult {
  /** No error-severity diagnostics (warnings allowed). */
  valid: boolean;
  diagnostics: Diagnostic[];
  /** The typed document when it matches the schema, else null. */
  document: PolicyDocument | null;
}

export interface ValidationOptions {
  /**
   * Today's date (YYYY-MM-DD), from the caller's clock — the engine has none. With it, a reference
   * figure older than its period (e.g. the ECB rate of the half-year) is a REFERENCE_OUT_OF_DATE
   * warning; without it, dates are not compared.
   */
  today?: string;
}

export function validatePolicy(document: unknown, options: ValidationOptions = {}): ValidationResult {
  const out = new DiagnosticList(document);
  if (!checkDocumentLimits(document, out)) return { valid: false, diagnostics: out.items, document: null };
  if (!checkSchema(document, out)) return { valid: false, diagnostics: out.items, document: null };
  const typed = document as PolicyDocument;
  checkSemantics(typed, out);
  checkReferenceFigures(typed, out, options.today);
  // Stable sort: within one place, the order the checks found things in is kept.
  const inDocumentOrder = documentOrder(document);
  const diagnostics = [...out.items].sort((a, b) => inDocumentOrder(a.path, b.path));
  return { valid: !out.hasErrors, diagnostics, document: typed };
}
