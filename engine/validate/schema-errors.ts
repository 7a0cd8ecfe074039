/**
 * ajv errors → problems worded for people. Unions are collapsed: instead of one error per branch,
 * either the allowed values ("must be one of accept, refuse, escalate"), the errors of the one
 * branch whose type fits the value, or the types that would fit.
 */
import type { ErrorObject } from 'ajv';
import type { DiagnosticCode } from './diagnostic-codes.js';
import { escapeSegment } from './json-pointer.js';
import { closestName } from './suggest-name.js';
import { says, type DiagnosticText } from '../i18n/diagnostic-messages.js';

export interface SchemaProblem {
  code: DiagnosticCode;
  path: string;
  /** Where the location prefix is read from (the parent object for an unknown property). */
  labelPath: string;
  detail: DiagnosticText;
}

type SchemaObject = Record<string, unknown>;

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

const asSchema = (s: unknown): SchemaObject => (s !== null && typeof s === 'object' ? (s as SchemaObject) : {});

/** The JSON types a schema accepts, looking through nested unions and constants. */
function acceptedTypes(schema: unknown): string[] {
  const s = asSchema(schema);
  if ('const' in s) return [jsonType(s.const) === 'integer' ? 'number' : jsonType(s.const)];
  if (Array.isArray(s.anyOf)) return s.anyOf.flatMap(acceptedTypes);
  if (Array.isArray(s.oneOf)) return s.oneOf.flatMap(acceptedTypes);
  if (typeof s.type === 'string') return [s.type];
  if (Array.isArray(s.type)) return s.type as string[];
  return [];
}

const fits = (types: string[], value: unknown): boolean => {
  const t = jsonType(value);
  return types.includes(t) || (t === 'integer' && types.includes('number'));
};

const under = (e: ErrorObject, schemaPath: string, instancePath: string) =>
  e.schemaPath.startsWith(schemaPath + '/') && (e.instancePath === instancePath || e.instancePath.startsWith(instancePath + '/'));

export function mapSchemaErrors(errors: ErrorObject[]): SchemaProblem[] {
  const consumed = new Set<ErrorObject>();
  const problems: SchemaProblem[] = [];
  // Outermost unions first, so a union nested in a branch is judged inside its branch.
  const unions = errors.filter((e) => e.keyword === 'anyOf').sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  for (const union of unions) {
    if (consumed.has(union)) continue;
    const members = errors.filter((e) => e !== union && !consumed.has(e) && under(e, union.schemaPath, union.instancePath));
    consumed.add(union);
    for (const m of members) consumed.add(m);
    problems.push(...describeUnion(union, members));
  }
  for (const e of errors) if (!consumed.has(e)) problems.push(...describeError(e));
  return problems;
}

function describeUnion(union: ErrorObject, members: ErrorObject[]): SchemaProblem[] {
  const branches = Array.isArray(union.schema) ? (union.schema as unknown[]) : [];
  const value = union.data;
  const at = { path: union.instancePath, labelPath: union.instancePath };
  if (branches.length > 0 && branches.every((b) => 'const' in asSchema(b))) {
    const allowed = branches.map((b) => String(asSchema(b).const));
    const suggestion = typeof value === 'string' ? closestName(value, allowed) : null;
    return [{ code: 'SCHEMA_VIOLATION', ...at, detail: says('notOneOf', { value, allowed, suggestion }) }];
  }
  const fitting = branches.map((b, i) => [i, acceptedTypes(b)] as const).filter(([, types]) => fits(types, value));
  if (fitting.length === 1) {
    const [index] = fitting[0]!;
    const inBranch = members.filter((m) => m.schemaPath.startsWith(`${union.schemaPath}/${index}/`));
    if (inBranch.length > 0) return mapSchemaErrors(inBranch);
  }
  const types = [...new Set(branches.flatMap(acceptedTypes))];
  return [{ code: 'SCHEMA_VIOLATION', ...at, detail: says('mustBeTypes', { types, value }) }];
}

function describeError(e: ErrorObject): SchemaProblem[] {
  const at = { path: e.instancePath, labelPath: e.instancePath };
  const params = e.params as Record<string, unknown>;
  const parent = asSchema(e.parentSchema);
  const violation = (detail: DiagnosticText): SchemaProblem[] => [{ code: 'SCHEMA_VIOLATION', ...at, detail }];
  switch (e.keyword) {
    case 'required': {
      const name = String(params.missingProperty);
      return [{ code: 'MISSING_PROPERTY', path: `${e.instancePath}/${escapeSegment(name)}`, labelPath: e.instancePath, detail: says('missingProperty', { name }) }];
    }
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const path = `${e.instancePath}/${escapeSegment(name)}`;
      if (parent.patternProperties) {
        const patterns = Object.keys(asSchema(parent.patternProperties));
        return [{ code: 'SCHEMA_VIOLATION', path, labelPath: e.instancePath, detail: says('keyPattern', { name, patterns }) }];
      }
      const known = Object.keys(asSchema(parent.properties));
      const belongsOn = whereItBelongs(parent, name);
      return [{ code: 'UNKNOWN_PROPERTY', path, labelPath: e.instancePath, detail: says('unknownProperty', { name, belongsOn, suggestion: belongsOn ? null : closestName(name, known) }) }];
    }
    case 'discriminator': {
      const tag = String(params.tag);
      const value = asSchema(e.data)[tag];
      if (value === undefined) return []; // the `required` error says it
      const allowed = (Array.isArray(parent.oneOf) ? parent.oneOf : []).map((b) => String(asSchema(asSchema(asSchema(b).properties)[tag]).const));
      const suggestion = typeof value === 'string' ? closestName(value, allowed) : null;
      return [{ code: 'UNKNOWN_NODE_KIND', path: `${e.instancePath}/${tag}`, labelPath: e.instancePath, detail: says('unknownKind', { tag, value, allowed, suggestion }) }];
    }
    case 'type':
      return violation(says('mustBeTypes', { types: String(params.type).split(','), value: e.data }));
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const symbol = ({ '<=': '≤', '>=': '≥', '<': '<', '>': '>' } as Record<string, string>)[String(params.comparison)] ?? String(params.comparison);
      return violation(says('mustCompare', { symbol, limit: Number(params.limit), value: e.data }));
    }
    case 'minLength':
      return violation(params.limit === 1 ? says('notEmpty', {}) : says('minLength', { limit: Number(params.limit) }));
    case 'maxLength':
      return violation(says('maxLength', { limit: Number(params.limit), found: (e.data as string).length }));
    case 'minItems':
      return violation(says('minItems', { limit: Number(params.limit) }));
    case 'maxItems':
      return violation(says('maxItems', { limit: Number(params.limit), found: (e.data as unknown[]).length }));
    case 'uniqueItems':
      return violation(says('uniqueItems', { first: Number(params.j) + 1, second: Number(params.i) + 1 }));
    case 'pattern': {
      const description = typeof parent.description === 'string' ? parent.description.replace(/\.$/, '') : null;
      return violation(says('pattern', { value: e.data, pattern: String(params.pattern), description }));
    }
    case 'not':
      return violation(says('reservedWord', { value: e.data }));
    case 'const':
      return violation(says('mustBeConst', { allowed: params.allowedValue, value: e.data }));
    case 'enum':
      return violation(says('notInEnumList', { value: e.data, allowed: (params.allowedValues as unknown[]).map(String) }));
    case 'oneOf':
      return []; // a discriminated union: the selected branch's own errors are reported
    default:
      return violation(says('schemaRule', { keyword: e.keyword, message: e.message ?? null }));
  }
}

/**
 * A property put one level too high (`missingPoints` on a scorecard instead of on each criterion):
 * the child of the object's schema that defines it, said in words.
 */
function whereItBelongs(parent: SchemaObject, name: string): { key: string; each: boolean } | null {
  for (const [key, child] of Object.entries(asSchema(parent.properties))) {
    const c = asSchema(child);
    if (Object.prototype.hasOwnProperty.call(asSchema(c.properties), name)) return { key, each: false };
    const items = asSchema(c.items);
    if (Object.prototype.hasOwnProperty.call(asSchema(items.properties), name)) return { key, each: true };
  }
  return null;
}
