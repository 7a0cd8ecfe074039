/**
 * A published model written purely in the policy format (docs/policy-format.md, "Writing a published
 * model"): Springate's S-score, its coefficients and cut-off, worked examples as golden tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPolicy } from '../../engine/pipeline/check-policy.js';
import { checkFacts } from '../../engine/facts/check-facts.js';
import type { PolicyDocument } from '../../engine/model/policy-schema.js';

const document = JSON.parse(readFileSync(join(__dirname, '../../rulesets/examples/springate.json'), 'utf8')) as PolicyDocument;

describe('rulesets/examples/springate.json', () => {
  const check = checkPolicy(document);

  it('validates with no diagnostic at all (monotonicity of EBIT and profit included)', () => {
    expect(check.diagnostics).toEqual([]);
    expect(check.valid).toBe(true);
  });

  it('passes its golden tests, asserted to the stated precision', () => {
    expect(check.golden.map((g) => [g.testId, g.passed, g.failures])).toEqual([
      ['sound-firm', true, []],
      ['failing-firm', true, []],
      ['on-the-cutoff', true, []],
      ['just-below', true, []],
    ]);
  });

  it('computes S with the published coefficients, independently of the document', () => {
    const facts = { workingCapital: 310, ebit: -45, profitBeforeTax: -80, currentLiabilities: 520, sales: 1730, totalAssets: 2400 };
    const expected = 1.03 * (310 / 2400) + 3.07 * (-45 / 2400) + 0.66 * (-80 / 520) + 0.4 * (1730 / 2400);
    const decision = check.compiled!.evaluate(facts);
    expect(decision.variables.s).toBeCloseTo(expected, 6);
    expect(decision.riskClass).toBe(expected < 0.862 ? 'failing' : 'sound');
  });

  it('refuses a total assets of 0 instead of dividing by it', () => {
    const facts = { workingCapital: 1, ebit: 1, profitBeforeTax: 1, currentLiabilities: 1, sales: 1, totalAssets: 0 };
    expect(checkFacts(check.compiled!, facts)).toMatchObject({ ok: false, errors: [{ field: 'totalAssets', message: 'totalAssets must be > 0' }] });
  });

  it('explains itself in French', () => {
    const d = check.compiled!.evaluate({ workingCapital: 200, ebit: 150, profitBeforeTax: 120, currentLiabilities: 250, sales: 1000, totalAssets: 1000 }, { language: 'fr' });
    expect(d.reasons.map((r) => r.message)).toEqual(['S = 1,3833 atteint le seuil de Springate de 0,862.']);
  });
});
