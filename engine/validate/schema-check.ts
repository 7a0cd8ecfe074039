/** The schema stage: ajv over the whole document, every error, worded for people. */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { PolicyDocument } from '../model/policy-schema.js';
import type { DiagnosticList } from './diagnostic.js';
import { isConditionError, mapConditionErrors } from './condition-errors.js';
import { documentOrder } from './json-pointer.js';
import { mapSchemaErrors } from './schema-errors.js';
import { says } from '../i18n/diagnostic-messages.js';

// Compiled once, on first use rather than at import (a decision server that only evaluates
// published versions never pays for it at start-up). `verbose` hands each error its schema,
// which the messages read.
let validateDocument: ValidateFunction | null = null;
const documentValidator = (): ValidateFunction =>
  (validateDocument ??= new Ajv2020({ allErrors: true, strict: true, strictRequired: false, discriminator: true, verbose: true }).compile(PolicyDocument));

/** Returns true when the document matches the schema. */
export function checkSchema(document: unknown, out: DiagnosticList): boolean {
  const validate = documentValidator();
  if (validate(document)) return true;
  const errors = validate.errors ?? [];
  const inDocumentOrder = documentOrder(document);
  const problems = [
    ...mapSchemaErrors(errors.filter((e) => !isConditionError(e))),
    ...mapConditionErrors(errors.filter(isConditionError)),
  ].sort((a, b) => inDocumentOrder(a.path, b.path));
  const seen = new Set<string>();
  for (const p of problems) {
    const key = `${p.code}|${p.path}|${JSON.stringify(p.detail)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.report(p.code, p.path, p.detail, { labelPath: p.labelPath });
  }
  // A schema failure must never pass silently, whatever the mapping made of it.
  if (seen.size === 0) out.report('SCHEMA_VIOLATION', '', says('schemaMismatch', {}));
  return false;
}
