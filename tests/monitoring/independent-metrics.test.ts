/**
 * Our AUC, Gini, KS, PSI and Jeffreys figures against those of scikit-learn, SciPy and numpy,
 * computed by tests/monitoring/fixtures/make-fixtures.py and committed as metric-fixtures.json.
 * Tolerance 1e-9 (absolute): both sides are double-precision sums of a few thousand terms.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { discrimination, jeffreysInterval, jeffreysPValue, populationStability } from '../../engine/monitoring/index.js';

interface Dataset {
  name: string;
  scores: number[];
  bad: number[];
  baselineScores: number[];
  /** When given, the population whose stability is measured (else `scores`). */
  currentScores?: number[];
  edges: number[];
  expected: { auc: number; gini: number; ks: number; psi: number; baselineCounts: number[]; currentCounts: number[] };
}
interface JeffreysCase {
  bads: number;
  count: number;
  expected: number;
  lower: number;
  upper: number;
  pValue: number;
}

const fixtures = JSON.parse(readFileSync(new URL('./fixtures/metric-fixtures.json', import.meta.url), 'utf8')) as {
  libraries: Record<string, string>;
  datasets: Dataset[];
  jeffreys: JeffreysCase[];
};
const TOLERANCE = 1e-9;
const close = (actual: number | null, expected: number, what: string) => {
  expect(actual, what).not.toBeNull();
  expect(Math.abs(actual! - expected), `${what}: ours ${actual}, theirs ${expected}`).toBeLessThanOrEqual(TOLERANCE);
};

describe(`monitoring metrics agree with an independent implementation (${Object.entries(fixtures.libraries).map(([k, v]) => `${k} ${v}`).join(', ')})`, () => {
  it('has the datasets the script writes, including a population shift and empty bins', () => {
    expect(fixtures.datasets.length).toBeGreaterThanOrEqual(4);
    expect(fixtures.datasets.some((d) => d.expected.psi >= 0.25)).toBe(true);
    expect(fixtures.datasets.some((d) => d.expected.currentCounts.includes(0) && d.expected.baselineCounts.includes(0))).toBe(true);
  });

  it.each(fixtures.datasets.map((d) => [d.name, d] as const))('%s: AUC, Gini, KS and PSI', (_name, d) => {
    const ours = discrimination(d.scores.map((score, i) => ({ score, bad: d.bad[i] === 1 })));
    close(ours.auc, d.expected.auc, 'AUC');
    close(ours.gini, d.expected.gini, 'Gini');
    close(ours.ks, d.expected.ks, 'KS');
    expect(ours.goods + ours.bads).toBe(d.scores.length);
    const psi = populationStability(d.baselineScores, d.currentScores ?? d.scores, d.edges);
    expect(psi.bins.map((b) => b.baselineCount)).toEqual(d.expected.baselineCounts);
    expect(psi.bins.map((b) => b.currentCount)).toEqual(d.expected.currentCounts);
    close(psi.index, d.expected.psi, 'PSI');
  });

  it.each(fixtures.jeffreys.map((c) => [`${c.bads} bads of ${c.count}, expected ${c.expected}`, c] as const))('Jeffreys interval and p-value: %s', (_name, c) => {
    const interval = jeffreysInterval(c.bads, c.count)!;
    close(interval.lower, c.lower, 'lower bound');
    close(interval.upper, c.upper, 'upper bound');
    close(jeffreysPValue(c.bads, c.count, c.expected), c.pValue, 'p-value');
  });
});
