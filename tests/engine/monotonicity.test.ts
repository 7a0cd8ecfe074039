/**
 * Monotonicity properties (issue #18): an input declared higher/lower is better; checkPolicy searches
 * (seeded, with the compiled policy) for two requests, equal but for that input, where improving it
 * worsens the decision, and reports them.
 */
import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../engine/compile/compile-policy.js';
import { checkFacts } from '../../engine/facts/check-facts.js';
import { checkPolicy } from '../../engine/pipeline/check-policy.js';
import type { Doc } from './fixtures/broken-policies.js';

/** Payment delay in days (lower is better) and equity ratio (higher is better) scored into classes. */
function grid(delayBands: unknown[]): Doc {
  return {
    schemaVersion: 2, id: 'grid', name: 'Grid', currency: 'EUR',
    inputs: [
      { name: 'paymentDelay', type: 'integer', min: 0, max: 365, required: true, direction: 'lowerIsBetter' },
      { name: 'equityRatio', type: 'number', min: -1, max: 1, required: false, direction: 'higherIsBetter' },
      { name: 'amount', type: 'number', min: 0, required: true },
    ],
    nodes: [
      { id: 'sc', kind: 'scorecard', config: { scale: { min: 0, max: 100 }, missingRule: 'points', criteria: [
        { id: 'delay', variable: 'paymentDelay', weight: 50, missingPoints: 0, bands: delayBands },
        { id: 'equity', variable: 'equityRatio', weight: 50, missingPoints: 0, bands: [{ max: 0.1, points: 0 }, { min: 0.1, max: 0.3, points: 50 }, { min: 0.3, points: 100 }] },
      ] } },
      { id: 'rc', kind: 'riskClass', config: { score: 'score', classes: [{ id: 'A', minScore: 70 }, { id: 'B', minScore: 40 }, { id: 'C', minScore: 0 }] } },
      { id: 'ap', kind: 'approval', config: { amount: 'amount', levels: [{ id: 'manager', maxAmount: null }], rules: [
        { id: 'c', when: { all: [{ fact: 'riskClass', operator: 'equal', value: 'C' }] }, outcome: 'refuse', reason: { code: 'CLASS_C', message: 'Class C' } },
      ], default: { outcome: 'accept', reason: { code: 'OK', message: 'OK' } } } },
      { id: 'd', kind: 'decision', config: {} },
    ],
    edges: [{ source: 'sc', target: 'rc' }, { source: 'rc', target: 'ap' }, { source: 'ap', target: 'd' }],
    tests: [],
  };
}
const GOOD = [{ max: 5, points: 100 }, { min: 5, max: 30, points: 50 }, { min: 30, points: 0 }];
// A typo: 30+ days late scores better than 5–29 days.
const BROKEN = [{ max: 5, points: 100 }, { min: 5, max: 30, points: 0 }, { min: 30, points: 50 }];

describe('monotonicity search', () => {
  it('finds no counterexample in a policy that respects the declared directions', () => {
    expect(checkPolicy(grid(GOOD)).diagnostics.filter((d) => d.code === 'MONOTONICITY_VIOLATION')).toEqual([]);
  });

  it('reports a counterexample with both requests, which the policy really decides the wrong way round', () => {
    const doc = grid(BROKEN);
    const found = checkPolicy(doc).diagnostics.filter((d) => d.code === 'MONOTONICITY_VIOLATION');
    expect(found).toHaveLength(1);
    const [d] = found;
    expect(d).toMatchObject({ severity: 'warning', path: '/inputs/0/direction', nodeId: null });
    expect(d!.message).toMatch(/'paymentDelay' is declared lower is better, yet lowering it from \d+ to \d+, all else equal, makes the decision worse/);
    const { before, after } = d!.counterexample!;
    // Identical but for the input, which is improved.
    expect({ ...after, paymentDelay: before.paymentDelay }).toEqual(before);
    expect(after.paymentDelay as number).toBeLessThan(before.paymentDelay as number);
    const compiled = compilePolicy(doc);
    const decide = (facts: Record<string, unknown>) => {
      const checked = checkFacts(compiled, facts);
      if (!checked.ok) throw new Error('refused');
      return compiled.evaluate(checked.facts);
    };
    expect(decide(after).score!).toBeLessThan(decide(before).score!);
  });

  it('gives the same answer every time (the search is seeded by the document)', () => {
    const a = checkPolicy(grid(BROKEN)).diagnostics.find((d) => d.code === 'MONOTONICITY_VIOLATION');
    const b = checkPolicy(grid(BROKEN)).diagnostics.find((d) => d.code === 'MONOTONICITY_VIOLATION');
    expect(a).toEqual(b);
  });
});
