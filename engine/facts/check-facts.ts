/**
 * The JSON Schema of a decision request, built from the policy's `inputs`, and the check that
 * reports EVERY bad field at once in words a caller can act on. ajv's Ajv2020 runs in browsers
 * too; the compiled validator is cached per document.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { Facts, InputDeclaration, Language, PolicyDocument } from '../model/policy-schema.js';
import { localizedText } from '../i18n/localized-text.js';
import { factMessages, type FactProblem } from '../i18n/fact-messages.js';
import type { CompiledPolicy } from '../compile/compile-policy.js';
import { conditionToJs } from '../conditions/condition-to-js.js';
import { CONDITION_RUNTIME, conditionRuntimeBindings } from '../conditions/condition-runtime.js';

export interface FactError {
  /** The fact's name ('' for the request as a whole). */
  field: string;
  /** JSON pointer of the fact in the request body. */
  pointer: string;
  code: 'unknown' | 'required' | 'type' | 'enum' | 'minimum' | 'maximum' | 'not_finite' | 'not_object' | 'legal_cap';
  /** In English (what the API has always answered). */
  message: string;
  /** The same in every language. */
  messages: Record<Language, string>;
  /** The values the message names (legal_cap: value, cap, endOfMonth). */
  params?: Record<string, number | string | boolean>;
}

function factError(field: string, code: FactError['code'], problem: FactProblem, params?: FactError['params']): FactError {
  const messages = factMessages(problem);
  return { field, pointer: pointerOf(field), code, message: messages.en, messages, ...(params ? { params } : {}) };
}

/** `warnings`: facts the policy flags without refusing them (e.g. terms above the legal cap), only when there are some. */
export type FactsCheck = { ok: true; facts: Facts; warnings?: FactError[] } | { ok: false; errors: FactError[] };

/** Code de commerce L441-10: payment terms of at most 60 days from the invoice date, or 45 days end of month. */
const LEGAL_TERMS_CAP_DAYS = 60;
const LEGAL_TERMS_CAP_END_OF_MONTH_DAYS = 45;

type JsonSchema = Record<string, unknown>;

export function factsSchema(document: PolicyDocument): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const input of document.inputs) properties[input.name] = inputSchema(input, document.language ?? 'en');
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: `Facts of ${document.id}`,
    type: 'object',
    properties,
    required: document.inputs.filter((i) => i.required).map((i) => i.name),
    additionalProperties: false,
  };
}

function inputSchema(input: InputDeclaration, language: Language): JsonSchema {
  const schema: JsonSchema = {};
  if (input.label) schema.title = localizedText(input.label, language);
  if (input.description) schema.description = input.description;
  switch (input.type) {
    case 'number':
    case 'integer':
      schema.type = input.type;
      if (input.min !== undefined) schema[input.minInclusive === false ? 'exclusiveMinimum' : 'minimum'] = input.min;
      if (input.max !== undefined) schema[input.maxInclusive === false ? 'exclusiveMaximum' : 'maximum'] = input.max;
      break;
    case 'string':
      schema.type = 'string';
      break;
    case 'boolean':
      schema.type = 'boolean';
      break;
    case 'enum':
      schema.type = 'string';
      schema.enum = [...(input.values ?? [])];
      break;
  }
  // An optional fact may be sent as null: it means missing.
  if (!input.required) {
    schema.type = [schema.type, 'null'];
    if (Array.isArray(schema.enum)) schema.enum = [...schema.enum, null];
  }
  return schema;
}

interface FactsChecker {
  validate: ValidateFunction;
  inputs: Map<string, InputDeclaration>;
  /** Inputs required only when a condition on the facts holds, with that condition compiled. */
  requiredWhen: { input: InputDeclaration; holds: (facts: object) => boolean }[];
  /** Inputs holding payment terms with a legal cap (L441-10). */
  legalCaps: InputDeclaration[];
}

/**
 * A requiredWhen condition as a function of the facts as sent (null kept, as conditions see it).
 * A condition the compiler cannot build (an unknown shared condition) is reported by validation;
 * here it never requires anything.
 */
function requiredWhenOf(document: PolicyDocument, input: InputDeclaration): (facts: object) => boolean {
  const read = (name: string) => `(Object.prototype.hasOwnProperty.call(f, ${JSON.stringify(name)}) ? f[${JSON.stringify(name)}] : undefined)`;
  try {
    const js = conditionToJs(input.requiredWhen!, read, document.conditions ?? {});
    const fn = new Function('$C', 'f', `${conditionRuntimeBindings('$C')} return ${js};`) as (c: unknown, f: object) => boolean;
    return (facts) => fn(CONDITION_RUNTIME, facts);
  } catch {
    return () => false;
  }
}

const checkers = new WeakMap<PolicyDocument, FactsChecker>();

function checkerFor(document: PolicyDocument): FactsChecker {
  let checker = checkers.get(document);
  if (!checker) {
    // One ajv per document: an ajv instance keeps (in its code scope) everything it ever compiled,
    // ≈ 80 KB per schema, so a shared one grew with every draft saved and version published. Our
    // facts schema is built by code, so the meta-schema check is skipped, which keeps a fresh one cheap.
    const ajv = new Ajv2020({ allErrors: true, strict: false, validateSchema: false, ownProperties: true });
    checker = {
      validate: ajv.compile(factsSchema(document)),
      inputs: new Map(document.inputs.map((i) => [i.name, i])),
      requiredWhen: document.inputs.filter((i) => i.requiredWhen !== undefined && !i.required).map((input) => ({ input, holds: requiredWhenOf(document, input) })),
      legalCaps: document.inputs.filter((i) => i.legalTermsCap !== undefined && (i.type === 'number' || i.type === 'integer')),
    };
    checkers.set(document, checker);
  }
  return checker;
}

export function checkFacts(policy: PolicyDocument | CompiledPolicy, facts: unknown): FactsCheck {
  const document = 'evaluate' in policy ? policy.document : policy;
  if (facts === null || typeof facts !== 'object' || Array.isArray(facts)) {
    return { ok: false, errors: [factError('', 'not_object', { kind: 'notObject' })] };
  }
  const checker = checkerFor(document);
  const errors: FactError[] = [];
  // JSON has no NaN or Infinity, but a caller in process may pass them: ajv would accept them as numbers.
  for (const [name, value] of Object.entries(facts)) {
    if (typeof value === 'number' && !Number.isFinite(value) && checker.inputs.has(name)) {
      errors.push(factError(name, 'not_finite', { kind: 'notFinite', field: name }));
    }
  }
  if (!checker.validate(facts)) {
    for (const error of checker.validate.errors ?? []) {
      const translated = translate(error, checker.inputs);
      if (!errors.some((e) => e.field === translated.field && (e.code === translated.code || e.code === 'not_finite'))) errors.push(translated);
    }
  }
  for (const { input, holds } of checker.requiredWhen) {
    const value = Object.prototype.hasOwnProperty.call(facts, input.name) ? (facts as Record<string, unknown>)[input.name] : undefined;
    if ((value === undefined || value === null) && holds(facts)) {
      const when = typeof input.requiredWhen === 'object' && 'name' in input.requiredWhen! && input.requiredWhen.name ? input.requiredWhen.name : null;
      errors.push(factError(input.name, 'required', { kind: 'requiredWhen', field: input.name, when }));
    }
  }
  const warnings: FactError[] = [];
  for (const input of checker.legalCaps) {
    const value = (facts as Record<string, unknown>)[input.name];
    if (typeof value !== 'number') continue;
    const endOfMonth = input.legalTermsCap!.endOfMonthInput !== undefined && (facts as Record<string, unknown>)[input.legalTermsCap!.endOfMonthInput] === true;
    const cap = endOfMonth ? LEGAL_TERMS_CAP_END_OF_MONTH_DAYS : LEGAL_TERMS_CAP_DAYS;
    if (value <= cap) continue;
    const flag = factError(input.name, 'legal_cap', { kind: 'legalCap', field: input.name, value, cap, endOfMonth }, { value, cap, endOfMonth });
    (input.legalTermsCap!.onExceed === 'refuse' ? errors : warnings).push(flag);
  }
  if (errors.length > 0) return { ok: false, errors };

  // null is kept: conditions give it json-rules-engine's meaning (`equal null` is true), while
  // expressions, bands and placeholders read it as missing. -0 becomes 0 so that a decision
  // survives a JSON round trip unchanged (JSON has no -0, and a logged decision must replay to
  // exactly what was answered).
  const normalised: Facts = {};
  for (const [name, value] of Object.entries(facts as Record<string, unknown>)) {
    if (value === undefined) continue;
    normalised[name] = (value === 0 ? 0 : value) as Facts[string];
  }
  return warnings.length > 0 ? { ok: true, facts: normalised, warnings } : { ok: true, facts: normalised };
}

function translate(error: ErrorObject, inputs: Map<string, InputDeclaration>): FactError {
  const params = error.params as Record<string, unknown>;
  const field = error.keyword === 'required' ? String(params.missingProperty)
    : error.keyword === 'additionalProperties' ? String(params.additionalProperty)
    : decodePointer(error.instancePath);
  const input = inputs.get(field);
  switch (error.keyword) {
    case 'additionalProperties':
      return factError(field, 'unknown', { kind: 'unknown', field });
    case 'required':
      return factError(field, 'required', { kind: 'required', field });
    case 'minimum':
      return factError(field, 'minimum', { kind: 'bound', field, op: '≥', limit: params.limit });
    case 'exclusiveMinimum':
      return factError(field, 'minimum', { kind: 'bound', field, op: '>', limit: params.limit });
    case 'maximum':
      return factError(field, 'maximum', { kind: 'bound', field, op: '≤', limit: params.limit });
    case 'exclusiveMaximum':
      return factError(field, 'maximum', { kind: 'bound', field, op: '<', limit: params.limit });
    case 'enum':
      return factError(field, 'enum', { kind: 'enum', field, values: input?.values ?? [] });
    default:
      return factError(field, 'type', { kind: 'type', field, type: input?.type ?? null, values: input?.values ?? [], nullable: !!input && !input.required });
  }
}

function pointerOf(field: string): string {
  return field === '' ? '' : '/' + field.replace(/~/g, '~0').replace(/\//g, '~1');
}

function decodePointer(pointer: string): string {
  return pointer.slice(1).split('/')[0].replace(/~1/g, '/').replace(/~0/g, '~');
}
