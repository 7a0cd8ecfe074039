/**
 * Is a class's observed bad rate in line with the rate the policy expects of it? The Jeffreys
 * test, the one the ECB's instructions for validating PD models use: with d bads among n, the
 * posterior of the true rate is Beta(d + ½, n − d + ½).
 *  - interval: its 2.5 % and 97.5 % quantiles (a 95 % Jeffreys interval for the bad rate);
 *  - p-value: its CDF at the expected rate = P(true rate ≤ expected | data). Small (< 2.5 %): the
 *    class has more bads than expected (the policy underestimates its risk); large (> 97.5 %):
 *    fewer (overestimates). The same verdict as "expected outside the interval".
 */
import betaCdf from '@stdlib/stats-base-dists-beta-cdf';
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';

export const JEFFREYS_LEVEL = 0.95;

export interface JeffreysInterval {
  lower: number;
  upper: number;
}

/** 95 % Jeffreys interval of a bad rate; the bounds are 0 when d = 0 and 1 when d = n, as is usual. */
export function jeffreysInterval(bads: number, count: number, level = JEFFREYS_LEVEL): JeffreysInterval | null {
  if (count <= 0) return null;
  const a = bads + 0.5;
  const b = count - bads + 0.5;
  const tail = (1 - level) / 2;
  return { lower: bads === 0 ? 0 : betaQuantile(tail, a, b), upper: bads === count ? 1 : betaQuantile(1 - tail, a, b) };
}

/** P(true rate ≤ expected) under the Jeffreys posterior. */
export function jeffreysPValue(bads: number, count: number, expected: number): number | null {
  if (count <= 0) return null;
  return betaCdf(expected, bads + 0.5, count - bads + 0.5);
}

/** consistent · higher: significantly more bads than expected · lower: significantly fewer · unknown: no expectation or no data. */
export type CalibrationVerdict = 'consistent' | 'higher' | 'lower' | 'unknown';

export interface ClassCalibration {
  riskClass: string;
  count: number;
  bads: number;
  observed: number | null;
  expected: number | null;
  interval: JeffreysInterval | null;
  pValue: number | null;
  verdict: CalibrationVerdict;
}

export function calibrate(riskClass: string, bads: number, count: number, expected: number | undefined, level = JEFFREYS_LEVEL): ClassCalibration {
  const interval = jeffreysInterval(bads, count, level);
  const pValue = expected === undefined ? null : jeffreysPValue(bads, count, expected);
  const tail = (1 - level) / 2;
  const verdict: CalibrationVerdict = pValue === null ? 'unknown' : pValue < tail ? 'higher' : pValue > 1 - tail ? 'lower' : 'consistent';
  return { riskClass, count, bads, observed: count > 0 ? bads / count : null, expected: expected ?? null, interval, pValue, verdict };
}
