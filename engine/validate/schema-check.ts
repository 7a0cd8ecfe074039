/** The schema stage: ajv over the whole document, every error, worded for people. */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { PolicyDocument } from '../model/policy-schema.js';
import type { DiagnosticList } from './diagnostic.js';
import { isConditionError, mapConditionErrors } from './condition-errors.js';
import { documentOrder } from './json-pointer.js';
import { mapSchemaErrors } from './schema-errors.js';

/**
 * Records keyed by a pattern (byClass, classParameters, facts, shared conditions…) only say what
 * matching keys hold; without additionalProperties: false any other key passes with any value,
 * and the semantic stage would meet shapes the types do not allow. Closing them here keeps the
 * semantic stage safe whatever the schema module says (a no-op once it closes them itself).
 */
function closeRecords(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeRecords);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) copy[key] = closeRecords(value);
  if (copy.patternProperties && copy.additionalProperties === undefined) copy.additionalProperties = false;
  return copy;
}

// Compiled once, when the module loads. `verbose` hands each error its schema, which the messages read.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, discriminator: true, verbose: true });
const validateDocument = ajv.compile(closeRecords(PolicyDocument) as object);

/** Returns true when the document matches the schema. */
export function checkSchema(document: unknown, out: DiagnosticList): boolean {
  if (validateDocument(document)) return true;
  const errors = validateDocument.errors ?? [];
  const inDocumentOrder = documentOrder(document);
  const problems = [
    ...mapSchemaErrors(errors.filter((e) => !isConditionError(e))),
    ...mapConditionErrors(errors.filter(isConditionError)),
  ].sort((a, b) => inDocumentOrder(a.path, b.path));
  const seen = new Set<string>();
  for (const p of problems) {
    const key = `${p.code}|${p.path}|${p.detail}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.report(p.code, p.path, p.detail, { labelPath: p.labelPath });
  }
  // A schema failure must never pass silently, whatever the mapping made of it.
  if (seen.size === 0) out.report('SCHEMA_VIOLATION', '', 'the document does not match the policy schema');
  return false;
}
