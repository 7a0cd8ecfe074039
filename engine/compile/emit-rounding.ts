/**
 * Rounding written inline in the generated code: the very arithmetic of roundScaled
 * (expression/decimal-rounding.ts), as statements. An evaluation function is far beyond V8's
 * inlining budget, so each of the dozen roundings of a decision would otherwise stay a real call.
 */
import { ROUNDING_TOLERANCE } from '../expression/decimal-rounding.js';
import type { EmitContext } from './emit-context.js';

/** 2^52: from there on a scaled value is already an integer (roundScaled returns the value as is). */
const INTEGRAL_FROM = 4503599627370496;

/**
 * Statements rounding the number held by the local `target` in place, half away from zero, at
 * `scale` (a power of ten: 100 = 2 decimals). `target` must hold a number.
 */
export function roundInPlace(ctx: EmitContext, target: string, scale: number): string {
  const scaled = ctx.temp();
  const whole = ctx.temp();
  return [
    `${scaled} = (${target} < 0 ? -${target} : ${target}) * ${scale};`,
    `if (${scaled} < ${INTEGRAL_FROM}) {`,
    `${whole} = Math.floor(${scaled});`,
    `${whole} = (${scaled} - ${whole} >= 0.5 - ${scaled} * ${ROUNDING_TOLERANCE} ? ${whole} + 1 : ${whole}) / ${scale};`,
    `${target} = (${target} < 0 ? -${whole} : ${whole}) + 0; }`,
  ].join(' ');
}
