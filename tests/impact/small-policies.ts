/**
 * Two tiny policies for hand-checked impact tests. One scorecard criterion turns `rating` into a
 * score of 10, 30, 50, 70 or 90 points; classes cut the score; the limit is a class share of
 * `turnover`, rounded down to 1,000; class D is refused, a request within the limit is accepted,
 * anything else escalates to the lowest level covering the requested amount.
 *
 * Policy B differs only in two class thresholds: B needs 75 (was 60) and C needs 30 (was 40), so a
 * score of 70 drops from B to C and a score of 30 rises from D to C.
 */
import type { PolicyDocument } from '../../engine/model/policy-schema.js';

export function smallPolicy(thresholds: { B: number; C: number } = { B: 60, C: 40 }): PolicyDocument {
  return {
    schemaVersion: 1,
    id: 'small-test',
    name: 'Small test policy',
    currency: 'EUR',
    inputs: [
      { name: 'requestedAmount', type: 'number', min: 0, required: true },
      { name: 'rating', type: 'number', min: 0, max: 100, required: true },
      { name: 'turnover', type: 'number', min: 0, required: false },
      { name: 'insured', type: 'boolean', required: false },
      { name: 'sector', type: 'enum', values: ['low', 'high'], required: false },
      { name: 'employees', type: 'integer', min: 0, required: false },
    ],
    nodes: [
      {
        id: 'scorecard',
        kind: 'scorecard',
        config: {
          output: 'score',
          scale: { min: 0, max: 100 },
          missingRule: 'points',
          criteria: [
            {
              id: 'rating',
              variable: 'rating',
              weight: 100,
              missingPoints: 0,
              bands: [
                { max: 20, points: 10 },
                { min: 20, max: 40, points: 30 },
                { min: 40, max: 60, points: 50 },
                { min: 60, max: 80, points: 70 },
                { min: 80, points: 90 },
              ],
            },
          ],
        },
      },
      {
        id: 'riskClass',
        kind: 'riskClass',
        config: {
          score: 'score',
          output: 'riskClass',
          classes: [
            { id: 'A', minScore: 80 },
            { id: 'B', minScore: thresholds.B },
            { id: 'C', minScore: thresholds.C },
            { id: 'D', minScore: 0 },
          ],
        },
      },
      {
        id: 'limit',
        kind: 'creditLimit',
        config: {
          output: 'creditLimit',
          riskClass: 'riskClass',
          classParameters: { A: { share: 0.2 }, B: { share: 0.1 }, C: { share: 0.05 }, D: { share: 0 } },
          capacities: [{ id: 'turnover', expression: 'share * turnover' }],
          addInsurerCover: false,
          floor: 0,
          rounding: { step: 1000, mode: 'down' },
        },
      },
      {
        id: 'approval',
        kind: 'approval',
        config: {
          amount: 'requestedAmount',
          levels: [
            { id: 'analyst', maxAmount: 10000 },
            { id: 'manager', maxAmount: 50000 },
            { id: 'director', maxAmount: null },
          ],
          rules: [
            { id: 'class-d', when: { all: [{ fact: 'riskClass', operator: 'equal', value: 'D' }] }, outcome: 'refuse', reason: { code: 'CLASS_D', message: 'Class D' } },
            {
              id: 'within',
              when: { all: [{ fact: 'requestedAmount', operator: 'lessThanInclusive', value: { fact: 'creditLimit' } }] },
              outcome: 'accept',
              reason: { code: 'WITHIN_LIMIT', message: 'Within the limit' },
            },
          ],
          default: { outcome: 'escalate', reason: { code: 'ABOVE_LIMIT', message: 'Above the limit' } },
        },
      },
      {
        id: 'collection',
        kind: 'collection',
        config: {
          riskClass: 'riskClass',
          scenarios: [
            { id: 'standard', steps: [{ day: 7, action: 'email' }] },
            { id: 'risky', steps: [{ day: 3, action: 'call' }] },
          ],
          byClass: { A: 'standard', B: 'standard', C: 'risky', D: 'risky' },
        },
      },
      { id: 'decision', kind: 'decision', config: {} },
    ],
    edges: [
      { source: 'scorecard', target: 'riskClass' },
      { source: 'riskClass', target: 'limit' },
      { source: 'limit', target: 'approval' },
      { source: 'riskClass', target: 'collection' },
      { source: 'approval', target: 'decision' },
      { source: 'collection', target: 'decision' },
    ],
    tests: [],
  };
}
