/**
 * ajv errors → problems worded for people. Unions are collapsed: instead of one error per branch,
 * either the allowed values ("must be one of accept, refuse, escalate"), the errors of the one
 * branch whose type fits the value, or the types that would fit.
 */
import type { ErrorObject } from 'ajv';
import type { DiagnosticCode } from './diagnostic-codes.js';
import { escapeSegment } from './json-pointer.js';
import { didYouMean } from './suggest-name.js';
import { show } from './show-value.js';

export interface SchemaProblem {
  code: DiagnosticCode;
  path: string;
  /** Where the location prefix is read from (the parent object for an unknown property). */
  labelPath: string;
  detail: string;
}

type SchemaObject = Record<string, unknown>;

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

const TYPE_NOUN: Record<string, string> = {
  number: 'a number',
  integer: 'an integer',
  string: 'a string',
  boolean: 'a boolean',
  object: 'an object',
  array: 'a list',
  null: 'null',
};

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
    const hint = typeof value === 'string' ? didYouMean(value, allowed) : '';
    return [{ code: 'SCHEMA_VIOLATION', ...at, detail: `${show(value)} is not one of ${allowed.join(', ')}${hint}` }];
  }
  const fitting = branches.map((b, i) => [i, acceptedTypes(b)] as const).filter(([, types]) => fits(types, value));
  if (fitting.length === 1) {
    const [index] = fitting[0]!;
    const inBranch = members.filter((m) => m.schemaPath.startsWith(`${union.schemaPath}/${index}/`));
    if (inBranch.length > 0) return mapSchemaErrors(inBranch);
  }
  const types = [...new Set(branches.flatMap(acceptedTypes))].map((t) => TYPE_NOUN[t] ?? t);
  return [{ code: 'SCHEMA_VIOLATION', ...at, detail: `must be ${types.join(' or ')} (found ${show(value)})` }];
}

function describeError(e: ErrorObject): SchemaProblem[] {
  const at = { path: e.instancePath, labelPath: e.instancePath };
  const params = e.params as Record<string, unknown>;
  const parent = asSchema(e.parentSchema);
  const violation = (detail: string): SchemaProblem[] => [{ code: 'SCHEMA_VIOLATION', ...at, detail }];
  switch (e.keyword) {
    case 'required': {
      const name = String(params.missingProperty);
      return [{ code: 'MISSING_PROPERTY', path: `${e.instancePath}/${escapeSegment(name)}`, labelPath: e.instancePath, detail: `missing required property '${name}'` }];
    }
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const path = `${e.instancePath}/${escapeSegment(name)}`;
      if (parent.patternProperties) {
        const patterns = Object.keys(asSchema(parent.patternProperties));
        return [{ code: 'SCHEMA_VIOLATION', path, labelPath: e.instancePath, detail: `key '${name}' does not match ${patterns.join(' or ')}` }];
      }
      const known = Object.keys(asSchema(parent.properties));
      const belongs = whereItBelongs(parent, name);
      const hint = belongs ? ` here: it belongs on ${belongs}` : didYouMean(name, known);
      return [{ code: 'UNKNOWN_PROPERTY', path, labelPath: e.instancePath, detail: `unknown property '${name}'${hint}` }];
    }
    case 'discriminator': {
      const tag = String(params.tag);
      const value = asSchema(e.data)[tag];
      if (value === undefined) return []; // the `required` error says it
      const allowed = (Array.isArray(parent.oneOf) ? parent.oneOf : []).map((b) => String(asSchema(asSchema(asSchema(b).properties)[tag]).const));
      const hint = typeof value === 'string' ? didYouMean(value, allowed) : '';
      return [{ code: 'UNKNOWN_NODE_KIND', path: `${e.instancePath}/${tag}`, labelPath: e.instancePath, detail: `${tag} ${show(value)} is not one of ${allowed.join(', ')}${hint}` }];
    }
    case 'type':
      return violation(`must be ${String(params.type).split(',').map((t) => TYPE_NOUN[t] ?? t).join(' or ')} (found ${show(e.data)})`);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const symbol = ({ '<=': '≤', '>=': '≥', '<': '<', '>': '>' } as Record<string, string>)[String(params.comparison)] ?? String(params.comparison);
      return violation(`must be ${symbol} ${String(params.limit)} (found ${show(e.data)})`);
    }
    case 'minLength':
      return violation(params.limit === 1 ? 'must not be empty' : `must be at least ${String(params.limit)} characters`);
    case 'maxLength':
      return violation(`must be at most ${String(params.limit)} characters (found ${String((e.data as string).length)})`);
    case 'minItems':
      return violation(`must list at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}`);
    case 'maxItems':
      return violation(`must list at most ${String(params.limit)} items (found ${String((e.data as unknown[]).length)})`);
    case 'uniqueItems':
      return violation(`items ${Number(params.j) + 1} and ${Number(params.i) + 1} are the same`);
    case 'pattern': {
      const description = typeof parent.description === 'string' ? ` (${parent.description.replace(/\.$/, '')})` : '';
      return violation(`${show(e.data)} does not match ${String(params.pattern)}${description}`);
    }
    case 'not':
      return violation(`${show(e.data)} is a reserved word`);
    case 'const':
      return violation(`must be ${show(params.allowedValue)} (found ${show(e.data)})`);
    case 'enum':
      return violation(`${show(e.data)} is not one of ${(params.allowedValues as unknown[]).map(String).join(', ')}`);
    case 'oneOf':
      return []; // a discriminated union: the selected branch's own errors are reported
    default:
      return violation(e.message ?? `breaks the schema rule '${e.keyword}'`);
  }
}

/**
 * A property put one level too high (`missingPoints` on a scorecard instead of on each criterion):
 * the child of the object's schema that defines it, said in words.
 */
function whereItBelongs(parent: SchemaObject, name: string): string | null {
  for (const [key, child] of Object.entries(asSchema(parent.properties))) {
    const c = asSchema(child);
    if (Object.prototype.hasOwnProperty.call(asSchema(c.properties), name)) return `'${key}' (${key}.${name})`;
    const items = asSchema(c.items);
    if (Object.prototype.hasOwnProperty.call(asSchema(items.properties), name)) return `each item of '${key}' (${key}[i].${name})`;
  }
  return null;
}
