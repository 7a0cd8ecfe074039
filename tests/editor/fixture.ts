/** A small valid policy for editor tests: formula → scorecard → riskClass → approval → decision. */
import type { PolicyDocument } from '../../engine/model/policy-schema.js';

export function samplePolicy(): PolicyDocument {
  return {
    schemaVersion: 1,
    id: 'sample',
    name: 'Sample',
    currency: 'EUR',
    inputs: [
      { name: 'requestedAmount', type: 'number', required: true, min: 0 },
      { name: 'equity', type: 'number', required: true },
      { name: 'totalAssets', type: 'number', required: true },
    ],
    nodes: [
      { id: 'ratios', kind: 'formula', config: { variables: [{ name: 'equityRatio', expression: 'equity / totalAssets' }] } },
      {
        id: 'scorecard',
        kind: 'scorecard',
        label: 'Scorecard',
        config: {
          scale: { min: 0, max: 100 },
          missingRule: 'reweight',
          criteria: [{ id: 'equity', label: 'Equity ratio', variable: 'equityRatio', weight: 100, bands: [{ max: 0.2, points: 0 }, { min: 0.2, points: 100 }] }],
        },
      },
      { id: 'classes', kind: 'riskClass', config: { score: 'score', classes: [{ id: 'A', minScore: 50 }, { id: 'B', minScore: 0 }] } },
      {
        id: 'approval',
        kind: 'approval',
        config: {
          amount: 'requestedAmount',
          levels: [{ id: 'analyst', maxAmount: 25000 }, { id: 'manager', maxAmount: null }],
          rules: [{ id: 'small', when: { all: [{ fact: 'requestedAmount', operator: 'lessThan', value: 1000 }] }, outcome: 'accept', reason: { code: 'SMALL', message: 'small' } }],
          default: { outcome: 'escalate', reason: { code: 'REVIEW', message: 'review' } },
        },
      },
      { id: 'decision', kind: 'decision', config: {} },
    ],
    edges: [
      { source: 'ratios', target: 'scorecard' },
      { source: 'scorecard', target: 'classes' },
      { source: 'classes', target: 'approval' },
      { source: 'approval', target: 'decision' },
    ],
    tests: [{ id: 'small', name: 'Small request', facts: { requestedAmount: 500, equity: 50, totalAssets: 100 }, expect: { outcome: 'accept' } }],
    layout: { nodes: { ratios: { x: 0, y: 0 }, scorecard: { x: 300, y: 0 }, classes: { x: 600, y: 0 }, approval: { x: 900, y: 0 }, decision: { x: 1200, y: 0 } } },
  };
}
