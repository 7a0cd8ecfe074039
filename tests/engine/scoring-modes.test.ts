/**
 * Scorecard scoring modes (issue #18): the weighted average of 0–100 points, and the plain sum of
 * risk points of a classic grid, stated in the document and told in the reasons.
 */
import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../engine/compile/compile-policy.js';
import { validatePolicy } from '../../engine/validate/validate-policy.js';
import type { Doc } from './fixtures/broken-policies.js';

/** A risk-point grid: payment delay and equity ratio each give points; class by the total. */
function grid(scoring: 'sum' | 'weightedAverage' | undefined, weights: [number, number] | null): Doc {
  const weight = (w: number | undefined) => (w === undefined ? {} : { weight: w });
  return {
    schemaVersion: 1, id: 'grid', name: 'Grid', currency: 'EUR',
    inputs: [
      { name: 'paymentDelay', type: 'number', min: 0, required: true },
      { name: 'equityRatio', type: 'number', required: false },
    ],
    nodes: [
      { id: 'sc', kind: 'scorecard', config: {
        ...(scoring ? { scoring } : {}),
        scale: { min: 0, max: 100 }, missingRule: 'points', explainTop: 2,
        criteria: [
          { id: 'delay', label: 'Payment delay', variable: 'paymentDelay', ...weight(weights?.[0]), missingPoints: 0,
            bands: [{ max: 10, points: 40 }, { min: 10, max: 30, points: 20 }, { min: 30, points: 0 }] },
          { id: 'equity', label: 'Equity ratio', variable: 'equityRatio', ...weight(weights?.[1]), missingPoints: 0,
            bands: [{ max: 0.1, points: 0 }, { min: 0.1, max: 0.3, points: 30 }, { min: 0.3, points: 60 }] },
        ],
      } },
      { id: 'rc', kind: 'riskClass', config: { score: 'score', classes: [{ id: 'low', minScore: 70 }, { id: 'medium', minScore: 40 }, { id: 'high', minScore: 0 }] } },
      { id: 'd', kind: 'decision', config: {} },
    ],
    edges: [{ source: 'sc', target: 'rc' }, { source: 'rc', target: 'd' }],
    tests: [],
  };
}

describe('scoring "sum"', () => {
  it('validates without weights and adds the points of every criterion', () => {
    const doc = grid('sum', null);
    expect(validatePolicy(doc).diagnostics.filter((d) => d.code !== 'NO_OUTCOME')).toEqual([]);
    const d = compilePolicy(doc).evaluate({ paymentDelay: 15, equityRatio: 0.35 });
    // 20 (delay 10–30) + 60 (equity ≥ 0.3) = 80 → low risk.
    expect(d.score).toBe(80);
    expect(d.riskClass).toBe('low');
    expect(d.scoreScale).toEqual({ min: 0, max: 100 });
    expect(d.scorecard.map((c) => [c.id, c.points, c.weight, c.contribution, c.lost])).toEqual([['delay', 20, 100, 20, 20], ['equity', 60, 100, 60, 0]]);
  });

  it('scores a missing criterion with its missing points, and says "points of the sum" in the reasons', () => {
    const d = compilePolicy(grid('sum', null)).evaluate({ paymentDelay: 45 });
    expect(d.score).toBe(0);
    expect(d.reasons.filter((r) => r.code === 'SCORE_CRITERION').map((r) => r.message)).toEqual([
      'Equity ratio (n/a) cost 60 points of the sum',
      'Payment delay (45) cost 40 points of the sum',
    ]);
  });
});

describe('scoring "weightedAverage" (the default)', () => {
  it('is what a scorecard without `scoring` does', () => {
    const facts = { paymentDelay: 15, equityRatio: 0.35 };
    const implicit = compilePolicy(grid(undefined, [50, 50])).evaluate(facts);
    const stated = compilePolicy(grid('weightedAverage', [50, 50])).evaluate(facts);
    // (50 × 20 + 50 × 60) / 100 = 40.
    expect(implicit.score).toBe(40);
    expect(stated).toEqual(implicit);
    expect(implicit.reasons.find((r) => r.code === 'SCORE_CRITERION')!.message).toBe('Payment delay (15) cost 10 points');
  });

  it('needs a weight on every criterion', () => {
    const doc = grid('weightedAverage', null);
    const [d] = validatePolicy(doc).diagnostics.filter((x) => x.code === 'WEIGHTS_TOTAL');
    expect(d!.message).toMatch(/delay, equity have no weight/);
  });
});
