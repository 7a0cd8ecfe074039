/**
 * Precision a credit analyst states (issue #18): `{name:N}` placeholders show N decimals; a formula
 * variable may be left unrounded; an expression comparing an enum input with a value it cannot take
 * is reported like the same comparison in a condition.
 */
import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../engine/compile/compile-policy.js';
import { FIXED_FORMATTERS } from '../../engine/i18n/engine-messages.js';
import { validatePolicy } from '../../engine/validate/validate-policy.js';
import type { Doc } from './fixtures/broken-policies.js';

function zScore(variable: Record<string, unknown>, message = 'Z = {z:3}', extraVariables: unknown[] = []): Doc {
  return {
    schemaVersion: 1, id: 'z-score', name: 'Z', currency: 'EUR',
    inputs: [{ name: 'x', type: 'number', required: true }, { name: 'model', type: 'enum', values: ['Z', 'Z1', 'Z2'], required: true }],
    nodes: [
      { id: 'f', kind: 'formula', config: { variables: [{ name: 'z', expression: 'x / 7', ...variable }, ...extraVariables] } },
      { id: 'r', kind: 'rules', config: { rules: [{ id: 'always', when: { all: [] }, actions: [{ type: 'outcome', outcome: 'accept', reason: { code: 'Z_SCORE', message } }] }] } },
      { id: 'd', kind: 'decision', config: {} },
    ],
    edges: [{ source: 'f', target: 'r' }, { source: 'r', target: 'd' }],
    tests: [],
  };
}

describe('reason parameters with a stated precision', () => {
  it('shows {z:3} with exactly 3 decimals, and {z} with at most 2', () => {
    const compiled = compilePolicy(zScore({}, 'Z = {z:3}, about {z}, exactly {z:0}'));
    // 20 / 7 = 2.857142857… → "2.857"; at most 2: "2.86"; 0 decimals: "3".
    expect(compiled.evaluate({ x: 20, model: 'Z' }).reasons[0]!.message).toBe('Z = 2.857, about 2.86, exactly 3');
    expect(compiled.evaluate({ x: 20, model: 'Z' }, { language: 'fr' }).reasons[0]!.message).toBe('Z = 2,857, about 2,86, exactly 3');
    expect(compiled.evaluate({ x: 20, model: 'Z' }).reasons[0]!.params).toEqual({ z: 2.857143 });
  });

  it('groups digits and keeps trailing zeros', () => {
    expect(FIXED_FORMATTERS.en(1234567.5, 3)).toBe('1,234,567.500');
    expect(FIXED_FORMATTERS.fr(1234567.5, 3)).toBe('1\u202f234\u202f567,500');
    expect(FIXED_FORMATTERS.en(-2.8585, 3)).toBe('-2.859');
    expect(FIXED_FORMATTERS.en(-0.0001, 2)).toBe('0.00');
    expect(FIXED_FORMATTERS.en(undefined, 2)).toBe('n/a');
  });

  it('validates the placeholder names with a precision', () => {
    expect(validatePolicy(zScore({}, 'Z = {z:3}')).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(validatePolicy(zScore({}, 'Z = {nope:3}')).diagnostics.map((d) => d.code)).toContain('UNKNOWN_PLACEHOLDER');
  });
});

describe('formula rounding that can be switched off', () => {
  it('rounds to 6 decimals by default, to `decimals` when stated, not at all with round: false', () => {
    const facts = { x: 20, model: 'Z' };
    expect(compilePolicy(zScore({})).evaluate(facts).variables.z).toBe(2.857143);
    expect(compilePolicy(zScore({ decimals: 2 })).evaluate(facts).variables.z).toBe(2.86);
    expect(compilePolicy(zScore({ round: false })).evaluate(facts).variables.z).toBe(20 / 7);
    expect(compilePolicy(zScore({ round: false })).evaluate({ x: -0, model: 'Z' }).variables.z).toBe(0);
    expect(Object.is(compilePolicy(zScore({ round: false })).evaluate({ x: -0, model: 'Z' }).variables.z, -0)).toBe(false);
  });
});

describe('expressions checked against enum values', () => {
  it('warns about a value the enum input cannot take, on either side', () => {
    const doc = zScore({}, 'Z', [{ name: 'isZ', expression: 'model == "Z1x" ? 1 : ("Z2" === model ? 2 : 0)' }]);
    const found = validatePolicy(doc).diagnostics.filter((d) => d.code === 'VALUE_NOT_IN_ENUM');
    expect(found.map((d) => [d.path, d.severity])).toEqual([['/nodes/0/config/variables/1/expression', 'warning']]);
    expect(found[0]!.message).toMatch(/'Z1x' is not a possible value of 'model' \(Z, Z1, Z2\), so this comparison is never true/);
  });
});
