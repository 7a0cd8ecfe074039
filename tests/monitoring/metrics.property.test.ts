/**
 * Properties of the monitoring metrics (fast-check). The seed is printed; replay a failure with
 * MONITORING_SEED=<seed> (and PROPERTY_RUNS=<n> for more cases).
 *  - Gini of a perfect ranking is 1, of a reversed ranking −1;
 *  - AUC, Gini and KS do not change under a strictly increasing transform of the score;
 *  - AUC of the negated score is 1 − AUC (ties included);
 *  - PSI of identical distributions is 0, never negative, and symmetric in its two sides.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../support/test-seed.js';
import { discrimination, populationStability, stabilityFromCounts } from '../../engine/monitoring/index.js';

// MONITORING_SEED replays this file alone; otherwise the seed comes from the run's (TEST_SEED).
const SEED = Number(process.env.MONITORING_SEED ?? Math.floor(seededRandom('monitoring metrics')() * 2 ** 31));
const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);
console.log(`monitoring property tests: seed ${SEED} (replay with MONITORING_SEED=${SEED})`);
const options = { seed: SEED, numRuns: RUNS };

/** Scores with plenty of ties (small integers), with at least one good and one bad. */
const outcomes = fc
  .array(fc.record({ score: fc.integer({ min: 0, max: 30 }), bad: fc.boolean() }), { minLength: 2, maxLength: 200 })
  .filter((xs) => xs.some((x) => x.bad) && xs.some((x) => !x.bad));

describe('discrimination properties', () => {
  it('Gini is 1 when every good scores above every bad, −1 when every bad does', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 300 }), fc.integer({ min: 1 }), (raw, cut) => {
        const scores = [...new Set(raw)].sort((a, b) => a - b);
        fc.pre(scores.length >= 2);
        const split = 1 + (cut % (scores.length - 1)); // bads below, goods from `split` up
        const perfect = discrimination(scores.map((score, i) => ({ score, bad: i < split })));
        expect(perfect.gini).toBe(1);
        expect(perfect.ks).toBe(1);
        const reversed = discrimination(scores.map((score, i) => ({ score, bad: i >= split })));
        expect(reversed.gini).toBe(-1);
        expect(reversed.ks).toBe(1);
      }),
      options,
    );
  });

  it('AUC, Gini and KS are the same after a strictly increasing transform of the score', () => {
    const transforms: [string, (x: number) => number][] = [
      ['3x + 7', (x) => 3 * x + 7],
      ['exp(x / 10)', (x) => Math.exp(x / 10)],
      ['x³', (x) => x ** 3],
    ];
    fc.assert(
      fc.property(outcomes, fc.constantFrom(...transforms), (data, [, f]) => {
        const before = discrimination(data);
        const after = discrimination(data.map((d) => ({ score: f(d.score), bad: d.bad })));
        expect(after.auc).toBe(before.auc);
        expect(after.gini).toBe(before.gini);
        expect(after.ks).toBe(before.ks);
      }),
      options,
    );
  });

  it('AUC of the negated score is 1 − AUC, ties counting one half', () => {
    fc.assert(
      fc.property(outcomes, (data) => {
        const auc = discrimination(data).auc!;
        const negated = discrimination(data.map((d) => ({ score: -d.score, bad: d.bad }))).auc!;
        expect(auc + negated).toBeCloseTo(1, 12);
        expect(auc).toBeGreaterThanOrEqual(0);
        expect(auc).toBeLessThanOrEqual(1);
      }),
      options,
    );
  });

  it('AUC is the share of (good, bad) pairs the score orders right, a tie counting ½ (brute force)', () => {
    fc.assert(
      fc.property(outcomes, (data) => {
        const goods = data.filter((d) => !d.bad);
        const bads = data.filter((d) => d.bad);
        let right = 0;
        for (const g of goods) for (const b of bads) right += g.score > b.score ? 1 : g.score === b.score ? 0.5 : 0;
        expect(discrimination(data).auc).toBeCloseTo(right / (goods.length * bads.length), 12);
      }),
      options,
    );
  });
});

describe('population stability properties', () => {
  const counts = fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 12 }).filter((xs) => xs.some((x) => x > 0));

  it('PSI of identical distributions is 0, also with empty bins and different sample sizes', () => {
    fc.assert(
      fc.property(counts, fc.integer({ min: 1, max: 5 }), (c, k) => {
        const labels = c.map((_, i) => String(i));
        // The same shape k times larger: only the smoothing of empty bins may tell them apart.
        const same = stabilityFromCounts(labels, c, c);
        expect(same.index).toBe(0);
        if (!c.includes(0)) expect(stabilityFromCounts(labels, c, c.map((x) => x * k)).index).toBeCloseTo(0, 12);
      }),
      options,
    );
  });

  it('PSI is never negative and the same whichever side is the baseline', () => {
    fc.assert(
      fc.property(
        counts.chain((a) => fc.tuple(fc.constant(a), fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: a.length, maxLength: a.length }).filter((xs) => xs.some((x) => x > 0)))),
        ([a, b]) => {
          const labels = a.map((_, i) => String(i));
          const ab = stabilityFromCounts(labels, a, b).index!;
          expect(ab).toBeGreaterThanOrEqual(0);
          expect(stabilityFromCounts(labels, b, a).index!).toBeCloseTo(ab, 10);
        },
      ),
      options,
    );
  });

  it('scores shuffled are the same population: PSI 0', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 300 }), (scores) => {
        const shuffled = [...scores].reverse();
        expect(populationStability(scores, shuffled, [0, 25, 50, 75, 100]).index).toBe(0);
      }),
      options,
    );
  });
});
