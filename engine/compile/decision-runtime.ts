/** Helpers the generated evaluation function calls (besides the expression and condition ones). */
import { roundScaled } from '../expression/decimal-rounding.js';
import { formatValue } from './format-value.js';
import { VALUE_FORMATTERS } from '../i18n/engine-messages.js';
import { formatFixedEn, formatFixedFr } from './format-fixed.js';
import { scoreFigures } from './score-figures.js';

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

function orNull(value: unknown): unknown {
  return value === undefined ? null : value;
}

export const DECISION_RUNTIME = Object.freeze({
  fmt: formatValue,
  fmtFr: VALUE_FORMATTERS.fr,
  fmtFixed: formatFixedEn,
  fmtFrFixed: formatFixedFr,
  roundToStep,
  levelFor,
  scoreFigures,
  orNull,
});

export function decisionRuntimeBindings(runtimeVariable: string): string {
  return `const ${Object.keys(DECISION_RUNTIME).map((k) => `$$${k} = ${runtimeVariable}.${k}`).join(', ')};`;
}
