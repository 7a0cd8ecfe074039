/**
 * ajv instances shared by every route. Bodies are validated as sent (no coercion: a string where a
 * number goes is an error); path and query parameters arrive as strings, so they are coerced.
 * The engine's schemas are registered once under their $id, so API schemas can $ref them.
 */
import Ajv2020Module, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { TSchema } from '@sinclair/typebox';
import { Decision, PolicyDocument } from '../../engine/index.js';
import { ApiError, type ProblemItem } from './problems.js';

// CJS default-export interop under NodeNext.
const Ajv2020 = Ajv2020Module as unknown as typeof Ajv2020Module.default;
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

function makeAjv(coerce: boolean) {
  // validateSchema: false — our schemas are code (TypeBox), not input, and the OpenAPI tests check
  // them; meta-validating the 33 KB policy schema took ~100 ms of every start, per instance.
  const ajv = new Ajv2020({ allErrors: true, strict: false, discriminator: true, coerceTypes: coerce, useDefaults: coerce, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema(PolicyDocument);
  ajv.addSchema(Decision);
  return ajv;
}

const bodyAjv = makeAjv(false);
const paramAjv = makeAjv(true);

const cache = new WeakMap<object, ValidateFunction>();

function compiled(schema: TSchema, coerce: boolean): ValidateFunction {
  let fn = cache.get(schema);
  if (!fn) {
    fn = (coerce ? paramAjv : bodyAjv).compile(schema);
    cache.set(schema, fn);
  }
  return fn;
}

const MAX_ERRORS = 50;

/**
 * A union of literals (TypeBox's `Type.Union([Type.Literal('a'), …])`) fails as one `const` error
 * per choice plus an `anyOf`: one item "must be one of: a, b, c" says it better.
 */
function collapseChoices(errors: ErrorObject[]): ErrorObject[] {
  const out: ErrorObject[] = [];
  for (const e of errors) {
    const consts = out.filter((o) => o.keyword === 'const' && o.instancePath === e.instancePath && o.schemaPath.startsWith(e.schemaPath.replace(/anyOf$/, '')));
    if (e.keyword === 'anyOf' && consts.length > 0) {
      const choices = consts.map((o) => String((o.params as { allowedValue: unknown }).allowedValue));
      for (const c of consts) out.splice(out.indexOf(c), 1);
      out.push({ ...e, message: `must be one of: ${choices.join(', ')}` });
    } else if (e.keyword === 'enum') {
      out.push({ ...e, message: `must be one of: ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String).join(', ')}` });
    } else out.push(e);
  }
  return out;
}

export function toProblemItems(errors: ErrorObject[] | null | undefined, prefix: string, where: ProblemItem['in']): ProblemItem[] {
  return collapseChoices(errors ?? []).slice(0, MAX_ERRORS).map((e) => {
    let pointer = prefix + e.instancePath;
    let detail = e.message ?? 'is invalid';
    if (e.keyword === 'required') pointer += `/${(e.params as { missingProperty: string }).missingProperty}`;
    if (e.keyword === 'additionalProperties') {
      pointer += `/${(e.params as { additionalProperty: string }).additionalProperty}`;
      detail = 'is not a known property';
    }
    if (e.keyword === 'required') detail = 'is required';
    return { pointer: pointer || '/', detail, ...(where && where !== 'body' ? { in: where } : {}) };
  });
}

/** Validates in place (query/params are coerced and defaulted in place); throws a 422 problem. */
export function check(schema: TSchema, value: unknown, where: 'body' | 'query' | 'path', what: string): void {
  const fn = compiled(schema, where !== 'body');
  if (!fn(value)) {
    const errors = toProblemItems(fn.errors, '', where);
    throw new ApiError('INVALID_REQUEST', `The ${what} is invalid: ${errors.map((e) => `${e.pointer} ${e.detail}`).slice(0, 3).join('; ')}.`, { errors });
  }
}

/** For tests and the OpenAPI response test: a validator over the same registered schemas. */
export function responseValidator(schema: TSchema): ValidateFunction {
  return compiled(schema, false);
}
