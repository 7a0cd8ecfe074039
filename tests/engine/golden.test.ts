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

describe('runGoldenTests: stated precision and any variable (issue #18)', () => {
  /** z = amount / 7 to 9 decimals; the decision node returns only `kept`, so z is read from the trace. */
  const precise = (expectVariables: Record<string, unknown>): PolicyDocument =>
    ({
      schemaVersion: 1, id: 'golden-precise', name: 'Precise', currency: 'EUR',
      inputs: [{ name: 'amount', type: 'number', required: true }],
      nodes: [
        { id: 'f', kind: 'formula', config: { variables: [{ name: 'z', expression: 'amount / 7', decimals: 9 }, { name: 'kept', expression: 'amount' }] } },
        { id: 'd', kind: 'decision', config: { variables: ['kept'] } },
      ],
      edges: [{ source: 'f', target: 'd' }],
      tests: [{ id: 't', name: 'precision', facts: { amount: 20 }, expect: { variables: expectVariables } }],
    }) as unknown as PolicyDocument;
  const run = (expected: Record<string, unknown>) => runGoldenTests(compilePolicy(precise(expected)))[0]!;

  // 20 / 7 = 2.857142857…
  it('asserts a number to N decimals, rounded half away from zero', () => {
    expect(run({ z: { value: 2.857, decimals: 3 } }).passed).toBe(true);
    expect(run({ z: { value: 2.8571, decimals: 4 } }).passed).toBe(true);
    expect(run({ z: { value: 2.86, decimals: 3 } }).failures).toEqual([{ field: 'variables.z', expected: { value: 2.86, decimals: 3 }, actual: 2.857142857 }]);
  });

  it('asserts a number exactly (tolerance 0) or within a stated tolerance', () => {
    expect(run({ z: { value: 2.857142857, tolerance: 0 } }).passed).toBe(true);
    expect(run({ z: { value: 2.857142858, tolerance: 0 } }).passed).toBe(false);
    expect(run({ z: { value: 2.8571, tolerance: 0.0001 } }).passed).toBe(true);
    expect(run({ z: { value: 2.857, tolerance: 0.0001 } }).passed).toBe(false);
    // A plain number keeps its meaning: within ±0.005.
    expect(run({ z: 2.86 }).passed).toBe(true);
  });

  it('reads a variable the decision does not return from the node outputs', () => {
    expect(run({ z: { value: 2.857142857, tolerance: 0 }, kept: 20 }).passed).toBe(true);
    expect(run({ nope: 1 }).failures).toEqual([{ field: 'variables.nope', expected: 1, actual: null }]);
  });

  it('validates the expectation shapes', async () => {
    const { validatePolicy } = await import('../../engine/validate/validate-policy.js');
    expect(validatePolicy(precise({ z: { value: 1, decimals: 3 } })).valid).toBe(true);
    const bad = validatePolicy(precise({ z: { value: 1, decimals: 3, tolerance: 0.1 } }));
    expect(bad.valid).toBe(false);
    expect(bad.diagnostics[0]!.path).toMatch(/^\/tests\/0\/expect\/variables\/z/);
  });
});

describe('a decision without an amount (issue #18)', () => {
  /** An order release by days overdue: no amount, no delegation ceilings. */
  const release = (levels: unknown[], defaultOutcome: Record<string, unknown>): PolicyDocument =>
    ({
      schemaVersion: 1, id: 'release', name: 'Release', currency: 'EUR',
      inputs: [{ name: 'daysOverdue', type: 'integer', min: 0, required: true }],
      nodes: [
        { id: 'ap', kind: 'approval', config: {
          levels,
          rules: [{ id: 'current', when: { all: [{ fact: 'daysOverdue', operator: 'lessThanInclusive', value: 30 }] }, outcome: 'accept', reason: { code: 'CURRENT', message: '{daysOverdue} days overdue' } }],
          default: { ...defaultOutcome, reason: { code: 'LATE', message: '{daysOverdue} days overdue' } },
        } },
        { id: 'd', kind: 'decision', config: {} },
      ],
      edges: [{ source: 'ap', target: 'd' }],
      tests: [],
    }) as unknown as PolicyDocument;

  it('accepts or refuses with no amount and no levels', async () => {
    const { validatePolicy } = await import('../../engine/validate/validate-policy.js');
    const doc = release([], { outcome: 'refuse' });
    expect(validatePolicy(doc).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const compiled = compilePolicy(doc);
    expect(compiled.evaluate({ daysOverdue: 10 })).toMatchObject({ outcome: 'accept', creditLimit: null, variables: { approvalAmount: null } });
    expect(compiled.evaluate({ daysOverdue: 45 })).toMatchObject({ outcome: 'refuse', approvalLevel: null });
  });

  it('escalates to the named level, else the lowest, with no amount to weigh', () => {
    const levels = [{ id: 'creditManager', maxAmount: 10 }, { id: 'director', maxAmount: null }];
    expect(compilePolicy(release(levels, { outcome: 'escalate', level: 'director' })).evaluate({ daysOverdue: 45 })).toMatchObject({ outcome: 'escalate', approvalLevel: 'director' });
    const lowest = compilePolicy(release(levels, { outcome: 'escalate' })).evaluate({ daysOverdue: 45 });
    expect(lowest).toMatchObject({ outcome: 'escalate', approvalLevel: 'creditManager' });
    expect(lowest.reasons.map((r) => r.code)).toEqual(['LATE']);
  });
});
