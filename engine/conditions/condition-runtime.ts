/**
 * The few operations of json-rules-engine 7.3.1's built-in operators that compiled conditions
 * call at run time (see engine-default-operators.js there). Where json-rules-engine would throw
 * a TypeError (`in` against a value that has no indexOf), the condition is false: ours never throws.
 */

/** json-rules-engine's numberValidator: `Number.parseFloat(factValue).toString() !== 'NaN'`. */
function numeric(value: unknown): boolean {
  if (typeof value === 'number') return value === value;
  return Number.parseFloat(value as string).toString() !== 'NaN';
}

/** `in` with a `{fact}` value: `b.indexOf(a) > -1` for a string or an array b. */
function inValue(a: unknown, b: unknown): boolean {
  if (typeof b === 'string') return b.indexOf(a as string) > -1;
  return Array.isArray(b) ? b.indexOf(a) > -1 : false;
}

/** `notIn` with a `{fact}` value: `b.indexOf(a) === -1` for a string or an array b. */
function notInValue(a: unknown, b: unknown): boolean {
  if (typeof b === 'string') return b.indexOf(a as string) === -1;
  return Array.isArray(b) ? b.indexOf(a) === -1 : false;
}

export const CONDITION_RUNTIME = Object.freeze({ numeric, inValue, notInValue });

export function conditionRuntimeBindings(runtimeVariable: string): string {
  return `const ${Object.keys(CONDITION_RUNTIME).map((k) => `$${k} = ${runtimeVariable}.${k}`).join(', ')};`;
}
