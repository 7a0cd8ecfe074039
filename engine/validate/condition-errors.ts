/**
 * Conditions are an anyOf of five shapes, so one typo yields a dozen ajv errors. Here they become
 * one problem per failing condition: the shape is picked from the keys present (a leaf with a bad
 * operator is judged as a leaf, not as a malformed `all`), and only that shape's errors are told.
 */
import type { ErrorObject } from 'ajv';
import { mapSchemaErrors, type SchemaProblem } from './schema-errors.js';
import { says } from '../i18n/diagnostic-messages.js';

/** The schema of Condition has its own $id, so ajv reports its errors relative to it. */
export const isConditionError = (e: ErrorObject): boolean => e.schemaPath.startsWith('#/anyOf');

const SHAPES = ['all', 'any', 'not', 'condition'] as const;

function shapeOf(value: unknown): number | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  for (let i = 0; i < SHAPES.length; i++) if (Object.prototype.hasOwnProperty.call(value, SHAPES[i])) return i;
  for (const key of ['fact', 'operator', 'value']) if (Object.prototype.hasOwnProperty.call(value, key)) return 4;
  return null;
}

/**
 * The shapes a condition's keys claim. A leaf is claimed by `fact` only: `{all: […], operator: "all"}`
 * is an `all` with a stray key (reported as an unknown property), not a mix of `all` and a leaf.
 */
function presentShapes(value: unknown): string[] {
  const has = (key: string) => Object.prototype.hasOwnProperty.call(value, key);
  const shapes: string[] = SHAPES.filter(has);
  if (has('fact') || (shapes.length === 0 && ['operator', 'value'].some(has))) shapes.push('fact');
  return shapes;
}

/** A leaf whose value is an object other than a fact reference `{fact: "name"}`. */
function badObjectValue(data: unknown): string | null {
  if (data === null || typeof data !== 'object' || !Object.prototype.hasOwnProperty.call(data, 'fact')) return null;
  const value = (data as { value?: unknown }).value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'fact' && typeof (value as { fact: unknown }).fact === 'string') return null;
  return JSON.stringify(value).slice(0, 120);
}

const within = (path: string, root: string) => path === root || path.startsWith(root + '/');

export function mapConditionErrors(errors: ErrorObject[]): SchemaProblem[] {
  // Each failing condition (at any depth) carries one anyOf error at the top of its schema.
  const failing = errors.filter((e) => e.keyword === 'anyOf' && e.schemaPath === '#/anyOf');
  const roots = failing.map((e) => e.instancePath);
  const ownerOf = (e: ErrorObject) =>
    roots.filter((r) => within(e.instancePath, r)).reduce((a, b) => (b.length > a.length ? b : a), '');

  const problems: SchemaProblem[] = [];
  for (const root of failing) {
    const at = root.instancePath;
    const shape = shapeOf(root.data);
    if (shape === null) {
      const keys = root.data !== null && typeof root.data === 'object' && !Array.isArray(root.data) ? Object.keys(root.data) : [];
      problems.push({ code: 'INVALID_CONDITION', path: at, labelPath: at, detail: says('conditionShape', { keys, value: root.data }) });
      continue;
    }
    const shapes = presentShapes(root.data);
    if (shapes.length > 1) {
      problems.push({ code: 'INVALID_CONDITION', path: at, labelPath: at, detail: says('conditionMixes', { shapes }) });
      continue;
    }
    const objectValue = shape === 4 ? badObjectValue(root.data) : null;
    if (objectValue) {
      problems.push({ code: 'INVALID_CONDITION', path: `${at}/value`, labelPath: `${at}/value`, detail: says('conditionObjectValue', { json: objectValue }) });
      continue;
    }
    const own = errors.filter((e) => e !== root && ownerOf(e) === at && e.schemaPath.startsWith(`#/anyOf/${shape}/`));
    if (own.length === 0) continue; // only a nested condition fails; it reports itself
    const told = mapSchemaErrors(own);
    if (told.length === 1) {
      problems.push({ ...told[0]!, code: 'INVALID_CONDITION' });
    } else {
      // Several problems in one condition: one diagnostic, located at the condition.
      const selfExplaining = (p: SchemaProblem) => p.path === at || p.code === 'MISSING_PROPERTY' || p.code === 'UNKNOWN_PROPERTY';
      const parts = told.map((p) => ({ field: selfExplaining(p) ? null : p.path.slice(at.length + 1), text: p.detail }));
      problems.push({ code: 'INVALID_CONDITION', path: at, labelPath: at, detail: says('several', { parts }) });
    }
  }
  return problems;
}
