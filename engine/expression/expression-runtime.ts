/**
 * The null-safe operations generated expression code calls. Each is tiny so V8 inlines it.
 * Missing (undefined) and non-numbers make arithmetic missing; results that are not finite
 * (division by zero, overflow) are missing too, so no NaN or Infinity ever leaves an expression.
 */
import { roundHalfAway } from './decimal-rounding.js';

type Value = number | string | boolean | undefined;

const finite = (r: number): number | undefined => (r - r === 0 ? r : undefined);

function add(a: Value, b: Value): number | undefined {
  return typeof a === 'number' && typeof b === 'number' ? finite(a + b) : undefined;
}
function sub(a: Value, b: Value): number | undefined {
  return typeof a === 'number' && typeof b === 'number' ? finite(a - b) : undefined;
}
function mul(a: Value, b: Value): number | undefined {
  return typeof a === 'number' && typeof b === 'number' ? finite(a * b) : undefined;
}
function div(a: Value, b: Value): number | undefined {
  return typeof a === 'number' && typeof b === 'number' && b !== 0 ? finite(a / b) : undefined;
}
function mod(a: Value, b: Value): number | undefined {
  return typeof a === 'number' && typeof b === 'number' && b !== 0 ? finite(a % b) : undefined;
}
function neg(a: Value): number | undefined {
  return typeof a === 'number' ? -a : undefined;
}
function pos(a: Value): number | undefined {
  return typeof a === 'number' ? a : undefined;
}

// Ordering compares two numbers or two strings; anything else (missing included) is false.
function lt(a: Value, b: Value): boolean {
  return (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string') ? a < b : false;
}
function le(a: Value, b: Value): boolean {
  return (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string') ? a <= b : false;
}
function gt(a: Value, b: Value): boolean {
  return (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string') ? a > b : false;
}
function ge(a: Value, b: Value): boolean {
  return (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string') ? a >= b : false;
}
// `==` is `===`, and a comparison with a missing operand is false, `!=` included.
function eq(a: Value, b: Value): boolean {
  return a !== undefined && b !== undefined && a === b;
}
function ne(a: Value, b: Value): boolean {
  return a !== undefined && b !== undefined && a !== b;
}

/** Two-argument min/max that skip what is not a number; variadic calls are chained at compile time. */
function min(a: Value, b: Value): number | undefined {
  if (typeof a !== 'number') return typeof b === 'number' ? b : undefined;
  if (typeof b !== 'number') return a;
  return b < a ? b : a;
}
function max(a: Value, b: Value): number | undefined {
  if (typeof a !== 'number') return typeof b === 'number' ? b : undefined;
  if (typeof b !== 'number') return a;
  return b > a ? b : a;
}
function one(a: Value): number | undefined {
  return typeof a === 'number' ? a : undefined;
}
function abs(a: Value): number | undefined {
  return typeof a === 'number' ? Math.abs(a) : undefined;
}
function floor(a: Value): number | undefined {
  return typeof a === 'number' ? Math.floor(a) : undefined;
}
function ceil(a: Value): number | undefined {
  return typeof a === 'number' ? Math.ceil(a) : undefined;
}
/** round(x, decimals = 0): half away from zero; decimals is truncated to an integer in [-12, 12]. */
function round(a: Value, decimals: Value = 0): number | undefined {
  if (typeof a !== 'number' || typeof decimals !== 'number') return undefined;
  const d = Math.trunc(decimals);
  return roundHalfAway(a, d < -12 ? -12 : d > 12 ? 12 : d);
}
/** clamp(x, lo, hi): a missing x is missing; a missing bound is not applied. */
function clamp(a: Value, lo: Value, hi: Value): number | undefined {
  if (typeof a !== 'number') return undefined;
  let r = a;
  if (typeof lo === 'number' && r < lo) r = lo;
  if (typeof hi === 'number' && r > hi) r = hi;
  return r;
}
function coalesce(a: Value, b: Value): Value {
  return a !== undefined ? a : b;
}

export const EXPRESSION_RUNTIME = Object.freeze({ add, sub, mul, div, mod, neg, pos, lt, le, gt, ge, eq, ne, min, max, one, abs, floor, ceil, round, clamp, coalesce });

export type ExpressionRuntime = typeof EXPRESSION_RUNTIME;

/**
 * Declarations that bind every runtime operation to a local `$name` constant, given the name of
 * the variable holding the runtime object: generated code then calls plain functions.
 */
export function runtimeBindings(runtimeVariable: string): string {
  return `const ${Object.keys(EXPRESSION_RUNTIME).map((k) => `$${k} = ${runtimeVariable}.${k}`).join(', ')};`;
}
