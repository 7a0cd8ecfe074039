/**
 * The one rounding rule of the engine: half away from zero at a number of decimals, on the
 * decimal number the binary float stands for. `1.005` is meant as 1.005, so it rounds to 1.01
 * although its float is 1.00499999999999989…: a scaled value within a few ulps below .5 counts as .5.
 */
const POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12];
/** Exported for the compiler, which writes this very rounding inline (compile/emit-rounding.ts). */
export const ROUNDING_TOLERANCE = 8 * Number.EPSILON;

export function powerOfTen(decimals: number): number {
  return decimals >= 0 && decimals <= 12 ? POWERS_OF_TEN[decimals] : Math.pow(10, decimals);
}

/** Rounds `value` half away from zero to `decimals` (an integer, negative = tens, hundreds…). */
export function roundHalfAway(value: number, decimals: number): number {
  return roundScaled(value, powerOfTen(decimals));
}

/** Same, with the power of ten already computed (the compiler passes a constant). */
export function roundScaled(value: number, scale: number): number {
  const magnitude = value < 0 ? -value : value;
  const scaled = magnitude * scale;
  if (!(scaled < 4503599627370496)) return value; // ≥ 2^52: already an integer at this scale (or not finite)
  const whole = Math.floor(scaled);
  const rounded = scaled - whole >= 0.5 - scaled * ROUNDING_TOLERANCE ? whole + 1 : whole;
  const result = rounded / scale;
  return (value < 0 ? -result : result) + 0; // + 0 turns -0 into 0, as JSON would
}
