/**
 * A small credit-limit policy that uses every node kind, small enough that its decisions can be
 * worked out by hand (see the CLI tests). The diff tests edit it too.
 */
import type { PolicyDocument } from '../../engine/model/policy-schema.js';

export function smallPolicy(): PolicyDocument {
  return {
    schemaVersion: 1,
    id: 'small-credit',
    name: 'Small credit policy',
    description: 'Two-criterion scorecard, three classes, limit = class share of turnover (figures invented for tests).',
    currency: 'EUR',
    inputs: [
      { name: 'requestedAmount', label: 'Requested amount', type: 'number', min: 0, required: true },
      { name: 'yearsInBusiness', label: 'Years in business', type: 'integer', min: 0, required: true },
      { name: 'paymentDelayDays', label: 'Average payment delay', type: 'number', unit: 'days', required: false },
      { name: 'insolvency', label: 'Insolvency proceedings', type: 'boolean', required: true },
      { name: 'annualTurnover', label: 'Annual turnover', type: 'number', min: 0, required: true },
      { name: 'sector', label: 'Sector', type: 'enum', values: ['services', 'construction'], required: false },
    ],
    nodes: [
      {
        id: 'ratios',
        kind: 'formula',
        label: 'Ratios',
        config: { variables: [{ name: 'requestedShare', label: 'Requested share of turnover', expression: 'requestedAmount / annualTurnover', decimals: 4 }] },
      },
      {
        id: 'knockouts',
        kind: 'rules',
        label: 'Knock-outs',
        config: {
          rules: [
            {
              id: 'insolvency',
              label: 'Insolvency',
              when: { all: [{ fact: 'insolvency', operator: 'equal', value: true }] },
              actions: [{ type: 'outcome', outcome: 'refuse', reason: { code: 'INSOLVENCY', message: 'Insolvency proceedings' } }],
            },
          ],
        },
      },
      {
        id: 'score',
        kind: 'scorecard',
        label: 'Credit score',
        config: {
          output: 'score',
          scale: { min: 0, max: 100 },
          missingRule: 'points',
          explainTop: 1,
          criteria: [
            {
              id: 'years',
              label: 'Years in business',
              variable: 'yearsInBusiness',
              weight: 60,
              missingPoints: 0,
              bands: [
                { max: 3, points: 0 },
                { min: 3, max: 10, points: 50 },
                { min: 10, points: 100 },
              ],
            },
            {
              id: 'delay',
              label: 'Payment delay',
              variable: 'paymentDelayDays',
              weight: 40,
              missingPoints: 0,
              bands: [
                { max: 10, points: 100 },
                { min: 10, max: 30, points: 50 },
                { min: 30, points: 0 },
              ],
            },
          ],
        },
      },
      {
        id: 'classes',
        kind: 'riskClass',
        label: 'Classes',
        config: {
          score: 'score',
          classes: [
            { id: 'A', minScore: 70 },
            { id: 'B', minScore: 40 },
            { id: 'C', minScore: 0 },
          ],
        },
      },
      {
        id: 'limit',
        kind: 'creditLimit',
        label: 'Limit',
        config: {
          riskClass: 'riskClass',
          classParameters: { A: { share: 0.1 }, B: { share: 0.05 }, C: { share: 0 } },
          capacities: [{ id: 'turnover', label: 'Share of turnover', expression: 'share * annualTurnover' }],
          addInsurerCover: false,
          floor: 0,
          ceiling: 100000,
          rounding: { step: 500, mode: 'down' },
        },
      },
      {
        id: 'delegation',
        kind: 'approval',
        label: 'Delegation',
        config: {
          amount: 'requestedAmount',
          levels: [
            { id: 'analyst', label: 'Credit analyst', maxAmount: 25000 },
            { id: 'manager', label: 'Credit manager', maxAmount: 100000 },
            { id: 'committee', label: 'Credit committee', maxAmount: null },
          ],
          rules: [
            {
              id: 'within',
              label: 'Within limit',
              when: { all: [{ fact: 'requestedAmount', operator: 'lessThanInclusive', value: { fact: 'creditLimit' } }] },
              outcome: 'accept',
              reason: { code: 'WITHIN_LIMIT', message: 'Requested {requestedAmount} is within the limit {creditLimit}' },
            },
          ],
          default: { outcome: 'escalate', reason: { code: 'ABOVE_LIMIT', message: 'Requested {requestedAmount} is above the limit {creditLimit}' } },
        },
      },
      {
        id: 'dunning',
        kind: 'collection',
        label: 'Dunning',
        config: {
          riskClass: 'riskClass',
          scenarios: [
            {
              id: 'standard',
              steps: [
                { day: -5, action: 'email' },
                { day: 7, action: 'call' },
                { day: 14, action: 'letter' },
              ],
            },
            {
              id: 'risky',
              steps: [
                { day: 3, action: 'call' },
                { day: 7, action: 'email' },
                { day: 13, action: 'sms' },
                { day: 15, action: 'registeredLetter' },
              ],
            },
          ],
          byClass: { A: 'standard', B: 'standard', C: 'risky' },
        },
      },
      { id: 'decision', kind: 'decision', label: 'Decision', config: { variables: ['requestedShare'] } },
    ],
    edges: [
      { source: 'ratios', target: 'decision' },
      { source: 'knockouts', target: 'decision' },
      { source: 'score', target: 'classes' },
      { source: 'classes', target: 'limit' },
      { source: 'limit', target: 'delegation' },
      { source: 'classes', target: 'dunning' },
      { source: 'delegation', target: 'decision' },
      { source: 'dunning', target: 'decision' },
    ],
    tests: [
      {
        id: 'established',
        name: 'Established customer within its limit',
        facts: { requestedAmount: 30000, yearsInBusiness: 12, paymentDelayDays: 20, insolvency: false, annualTurnover: 400000 },
        expect: { outcome: 'accept', score: 80, riskClass: 'A', creditLimit: 40000, collectionScenario: 'standard', reasons: ['WITHIN_LIMIT'] },
      },
      {
        id: 'insolvent',
        name: 'Insolvency is a knock-out',
        facts: { requestedAmount: 1000, yearsInBusiness: 12, paymentDelayDays: 5, insolvency: true, annualTurnover: 400000 },
        expect: { outcome: 'refuse', reasons: ['INSOLVENCY'] },
      },
    ],
    layout: {
      nodes: {
        ratios: { x: 0, y: 0 },
        knockouts: { x: 0, y: 120 },
        score: { x: 0, y: 240 },
        classes: { x: 250, y: 240 },
        limit: { x: 500, y: 240 },
        delegation: { x: 750, y: 240 },
        dunning: { x: 500, y: 400 },
        decision: { x: 1000, y: 120 },
      },
      viewport: { x: 0, y: 0, zoom: 1 },
    },
  };
}
