import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../engine/compile/compile-policy.js';
import { runGoldenTests } from '../../engine/golden/run-golden-tests.js';
import type { PolicyDocument } from '../../engine/model/policy-schema.js';

const tiny = (tests: unknown[]): PolicyDocument =>
  ({
    schemaVersion: 1,
    id: 'golden-tiny',
    name: 'Tiny',
    currency: 'EUR',
    inputs: [{ name: 'amount', type: 'number', min: 0, required: true }],
    nodes: [
      { id: 'f', kind: 'formula', config: { variables: [{ name: 'third', expression: 'amount / 3', decimals: 2 }] } },
      { id: 'r', kind: 'rules', config: { rules: [
        { id: 'small', when: { all: [{ fact: 'amount', operator: 'lessThan', value: 100 }] }, actions: [{ type: 'outcome', outcome: 'accept', reason: { code: 'SMALL', message: 'small' } }] },
      ] } },
      { id: 'd', kind: 'decision', config: {} },
    ],
    edges: [{ source: 'f', target: 'd' }, { source: 'r', target: 'd' }],
    tests,
  }) as unknown as PolicyDocument;

describe('runGoldenTests', () => {
  it('passes when every stated expectation holds, numbers within 0.005', () => {
    // 10 / 3 = 3.33 (2 decimals); 3.334 is within 0.005 of it. 10 < 100 → accept with SMALL.
    const [result] = runGoldenTests(compilePolicy(tiny([{ id: 't', name: 'small', facts: { amount: 10 }, expect: { outcome: 'accept', reasons: ['SMALL'], variables: { third: 3.334 } } }])));
    expect(result).toMatchObject({ testId: 't', name: 'small', passed: true, failures: [] });
    expect(result.decision?.outcome).toBe('accept');
  });

  it('reports each failing field with expected and actual', () => {
    // 300 is not < 100 → no outcome → refuse with NO_OUTCOME; third = 100, not 100.01.
    const [result] = runGoldenTests(compilePolicy(tiny([{ id: 't', name: 'big', facts: { amount: 300 }, expect: { outcome: 'accept', reasons: ['SMALL'], variables: { third: 100.01 }, riskClass: null } }])));
    expect(result.passed).toBe(false);
    expect(result.failures).toEqual([
      { field: 'outcome', expected: 'accept', actual: 'refuse' },
      { field: 'reasons', expected: 'SMALL', actual: ['NO_OUTCOME'] },
      { field: 'variables.third', expected: 100.01, actual: 100 },
    ]);
  });

  it('fails a test whose facts are invalid, with the fact errors', () => {
    const [result] = runGoldenTests(compilePolicy(tiny([{ id: 't', name: 'bad', facts: { amount: -1, other: 2 }, expect: {} }])));
    expect(result.passed).toBe(false);
    expect(result.decision).toBeNull();
    expect(result.factErrors?.map((e) => e.field).sort()).toEqual(['amount', 'other']);
  });

  const rulesetDir = join(__dirname, '../../rulesets');
  it.each(readdirSync(rulesetDir).filter((f) => f.endsWith('.json')))('every golden test of rulesets/%s passes', (file) => {
    const document = JSON.parse(readFileSync(join(rulesetDir, file), 'utf8')) as PolicyDocument;
    const results = runGoldenTests(compilePolicy(document));
    expect(results.length).toBeGreaterThan(0);
    expect(results.filter((r) => !r.passed).map((r) => ({ id: r.testId, failures: r.failures, factErrors: r.factErrors }))).toEqual([]);
  });
});
