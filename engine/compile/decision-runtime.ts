/** Helpers the generated evaluation function calls (besides the expression and condition ones). */
import { roundScaled } from '../expression/decimal-rounding.js';
import { formatValue } from './format-value.js';

function cents(value: number): number {
  return roundScaled(value, 100);
}

/**
 * Rounds an amount to a multiple of `step`: 0 down, 1 nearest (half up), 2 up. The quotient is
 * first rounded to 6 decimals so float noise (12.3 / 0.1 = 122.99999999999999) does not move it.
 */
function roundToStep(amount: number, step: number, mode: number): number {
  const quotient = roundScaled(amount / step, 1e6);
  const steps = mode === 0 ? Math.floor(quotient) : mode === 2 ? Math.ceil(quotient) : roundScaled(quotient, 1);
  return roundScaled(steps * step, 100);
}

/**
 * Index of the lowest delegation level whose ceiling covers `amount` (null = no ceiling), or -1.
 * An unknown amount is covered only by a level without a ceiling: never a lower level for knowing less.
 */
function levelFor(amount: unknown, ceilings: readonly (number | null)[]): number {
  for (let i = 0; i < ceilings.length; i++) {
    const ceiling = ceilings[i];
    if (ceiling === null || (typeof amount === 'number' && amount <= ceiling)) return i;
  }
  return -1;
}

interface CriterionLayout {
  weight: number;
  best: number;
  /** Points by slot: each band's, then the missing value's. */
  points: readonly number[];
  /** Rule "points": a missing value keeps its weight; "reweight": it drops out. */
  missingWeighs: boolean;
}

/** Beyond this many distinct Σ weights a scorecard stops caching (integer weights totalling 100 give at most 101). */
const MAX_CACHED_SUMS = 256;

/**
 * The scorecard's display figures for one Σ weights: per criterion and slot, the effective weight
 * (%), contribution and lost points, rounded to 4 decimals — the very arithmetic the per-decision
 * code used to do, so the numbers are identical — and the end of its explanation, ") cost <lost>
 * points" (formatting numbers is the dearest part of a reason). Stride 4; cached by Σ weights.
 */
function scoreFigures(cache: Map<number, (number | string)[]>, sw: number, layout: readonly CriterionLayout[]): (number | string)[] {
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4 + 0;
  const figures: (number | string)[] = [];
  for (const c of layout) {
    const last = c.points.length - 1;
    for (let slot = 0; slot <= last; slot++) {
      const w = slot === last && !c.missingWeighs ? 0 : c.weight;
      const p = c.points[slot];
      const e = sw > 0 ? (w * 100) / sw : 0;
      const lost = r4((e * (c.best - p)) / 100);
      figures.push(r4(e), r4((e * p) / 100), lost, `) cost ${formatValue(lost)} points`);
    }
  }
  if (cache.size < MAX_CACHED_SUMS) cache.set(sw, figures);
  return figures;
}

function orNull(value: unknown): unknown {
  return value === undefined ? null : value;
}

export const DECISION_RUNTIME = Object.freeze({
  fmt: formatValue,
  round: roundScaled,
  cents,
  roundToStep,
  levelFor,
  scoreFigures,
  orNull,
});

export function decisionRuntimeBindings(runtimeVariable: string): string {
  return `const ${Object.keys(DECISION_RUNTIME).map((k) => `$$${k} = ${runtimeVariable}.${k}`).join(', ')};`;
}
