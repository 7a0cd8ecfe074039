import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compilePolicy } from '../../engine/compile/compile-policy.js';
import { checkPolicy } from '../../engine/pipeline/check-policy.js';
import { validatePolicy } from '../../engine/validate/validate-policy.js';
import { BROKEN_VARIANTS } from './fixtures/broken-policies.js';
import { smallPolicy } from '../support/small-policy.js';

describe('checkPolicy', () => {
  it('compiles a valid policy and runs its golden tests', () => {
    const check = checkPolicy(smallPolicy());
    expect(check.diagnostics).toEqual([]);
    expect(check.valid).toBe(true);
    expect(check.compiled).not.toBeNull();
    expect(check.golden.map((g) => [g.testId, g.passed])).toEqual([['class-b', true], ['insolvent', true]]);
  });

  it('turns a failing golden test into GOLDEN_TEST_FAILED naming expected and actual', () => {
    const doc = smallPolicy();
    doc.tests[0]!.expect.creditLimit = 30000;
    doc.tests[0]!.expect.riskClass = 'A';
    const check = checkPolicy(doc);
    expect(check.valid).toBe(false);
    expect(check.compiled).not.toBeNull();
    expect(check.diagnostics).toEqual([
      {
        code: 'GOLDEN_TEST_FAILED',
        severity: 'error',
        nodeId: null,
        path: '/tests/0',
        message: "Test 'class-b': fails — riskClass: expected 'A', got 'B'; creditLimit: expected 30,000, got 28,000",
        messages: {
          en: "Test 'class-b': fails — riskClass: expected 'A', got 'B'; creditLimit: expected 30,000, got 28,000",
          // French typography: guillemets, a narrow no-break space before : and ;, digits grouped by one.
          fr: 'Cas de référence «\u00a0class-b\u00a0»\u202f: échoue — riskClass\u202f: attendu «\u00a0A\u00a0», obtenu «\u00a0B\u00a0»\u202f; creditLimit\u202f: attendu 30\u202f000, obtenu 28\u202f000',
        },
        params: {
          factErrors: [],
          failures: [
            { field: 'riskClass', expected: 'A', actual: 'B' },
            { field: 'creditLimit', expected: 30000, actual: 28000 },
          ],
        },
      },
    ]);
    expect(check.golden[0]!.passed).toBe(false);
  });

  it('gives one diagnostic per failing test and none for passing ones', () => {
    const doc = smallPolicy();
    const passing = structuredClone(doc.tests[0]!);
    const failing = { ...structuredClone(doc.tests[0]!), id: 'refused', name: 'Refused', expect: { outcome: 'refuse' as const } };
    doc.tests = [failing, { ...passing, id: 'ok' }, { ...failing, id: 'refused-too' }];
    const check = checkPolicy(doc);
    expect(check.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ['GOLDEN_TEST_FAILED', '/tests/0'],
      ['GOLDEN_TEST_FAILED', '/tests/2'],
    ]);
    expect(check.diagnostics[0]!.message).toContain("outcome: expected 'refuse', got 'accept'");
  });

  it('says which facts of a golden test a decision request would refuse', () => {
    const doc = smallPolicy();
    delete doc.tests[0]!.facts.requestedAmount;
    const check = checkPolicy(doc);
    expect(check.diagnostics.map((d) => d.code)).toEqual(['GOLDEN_TEST_FAILED']);
    expect(check.diagnostics[0]!.message).toMatch(/its facts are refused: .*requestedAmount/);
  });

  it('does not compile an invalid policy', () => {
    const doc = smallPolicy();
    doc.nodes[1]!.kind = 'decision';
    const check = checkPolicy(doc);
    expect(check.valid).toBe(false);
    expect(check.compiled).toBeNull();
    expect(check.golden).toEqual([]);
    expect(check.diagnostics.some((d) => d.code === 'GOLDEN_TEST_FAILED')).toBe(false);
  });

  it('keeps warnings and still runs the tests', () => {
    const doc = smallPolicy();
    doc.conditions!.spare = { all: [] };
    const check = checkPolicy(doc);
    expect(check.valid).toBe(true);
    expect(check.diagnostics.map((d) => d.code)).toEqual(['UNUSED_CONDITION']);
    expect(check.golden.every((g) => g.passed)).toBe(true);
  });

  // Validation must foresee whatever the compiler refuses: a policy validation calls valid (with
  // warnings at most) compiles. Schema-valid but invalid ones are refused by the compiler or not.
  describe.each(BROKEN_VARIANTS.map((v) => [v.code, v] as const))('validator and compiler agree: %s', (_code, variant) => {
    it('compiles when validation passes', () => {
      const doc = smallPolicy();
      variant.breakIt(doc);
      const validation = validatePolicy(doc);
      if (!validation.valid) {
        expect(variant.severity).toBe('error');
        return;
      }
      expect(variant.severity).toBe('warning');
      expect(() => compilePolicy(validation.document!)).not.toThrow();
    });
  });

  it('compiles every policy validation passes, however its values are changed', () => {
    const base = smallPolicy();
    const leaves: string[] = [];
    const visit = (value: unknown, path: string) => {
      if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, `${path}/${k}`);
      else leaves.push(path);
    };
    visit(base, '');
    const at = (doc: unknown, path: string) => path.slice(1).split('/').reduce((here: any, s) => here?.[s], doc); // eslint-disable-line @typescript-eslint/no-explicit-any
    const strings = [...new Set(leaves.map((p) => at(base, p)).filter((v): v is string => typeof v === 'string'))];
    const sameType = (path: string): fc.Arbitrary<unknown> => {
      const old = at(base, path);
      if (typeof old === 'number') return fc.integer({ min: -20, max: 200 });
      if (typeof old === 'boolean') return fc.boolean();
      return fc.constantFrom(...strings);
    };
    const edit = fc.constantFrom(...leaves.filter((p) => at(base, p) !== null)).chain((path) => sameType(path).map((value) => [path, value] as const));
    let compiled = 0;
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        const doc = smallPolicy();
        for (const [path, value] of edits) {
          const segments = path.slice(1).split('/');
          const last = segments.pop()!;
          segments.reduce((here: any, s) => here[s], doc)[last] = value; // eslint-disable-line @typescript-eslint/no-explicit-any
        }
        const validation = validatePolicy(doc);
        if (!validation.valid) return;
        expect(() => compilePolicy(validation.document!)).not.toThrow();
        compiled++;
      }),
      { numRuns: 300 },
    );
    expect(compiled).toBeGreaterThan(30); // the property must actually reach the compiler
  });
});
