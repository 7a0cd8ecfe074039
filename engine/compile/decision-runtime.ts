/** Helpers the generated evaluation function calls (besides the expression and condition ones). */
import { roundScaled } from '../expression/decimal-rounding.js';
import { formatValue } from './format-value.js';
import type { CriterionResult, DecisionReason } from '../model/decision-schema.js';

/** A formula result: numbers rounded to the variable's decimals (given as a power of ten). */
function roundVariable(value: unknown, scale: number): unknown {
  return typeof value === 'number' ? roundScaled(value, scale) : value;
}

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

/**
 * Adds a SCORE_CRITERION reason for each of the `count` criteria that lost the most points
 * (ties: the earlier criterion first), without allocating a sorted copy.
 */
function explainCriteria(reasons: DecisionReason[], results: CriterionResult[], count: number, nodeId: string): void {
  let previousLost = Infinity;
  let previousIndex = -1;
  for (let k = 0; k < count; k++) {
    let best = -1;
    for (let i = 0; i < results.length; i++) {
      const lost = results[i].lost;
      if (lost <= 0) continue;
      const afterPrevious = lost < previousLost || (lost === previousLost && i > previousIndex);
      if (afterPrevious && (best < 0 || lost > results[best].lost)) best = i;
    }
    if (best < 0) return;
    const r = results[best];
    reasons.push({
      code: 'SCORE_CRITERION',
      message: `${r.label ?? r.id} (${formatValue(r.value ?? undefined)}) cost ${formatValue(r.lost)} points`,
      nodeId,
      ruleId: r.id,
    });
    previousLost = r.lost;
    previousIndex = best;
  }
}

function orNull(value: unknown): unknown {
  return value === undefined ? null : value;
}

export const DECISION_RUNTIME = Object.freeze({
  fmt: formatValue,
  roundVariable,
  round: roundScaled,
  cents,
  roundToStep,
  levelFor,
  explainCriteria,
  orNull,
});

export function decisionRuntimeBindings(runtimeVariable: string): string {
  return `const ${Object.keys(DECISION_RUNTIME).map((k) => `$$${k} = ${runtimeVariable}.${k}`).join(', ')};`;
}
