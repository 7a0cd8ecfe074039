/**
 * Accept with conditions: the decision node names the variables that hold the conditions the
 * policy attaches (payment terms, prepayment share, guarantee, cash on delivery); the decision
 * carries them, typed, or null when none applies; a policy that declares none returns no field.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../engine/compile/compile-policy.js';
import { Decision } from '../../engine/model/decision-schema.js';
import type { PolicyDocument } from '../../engine/model/policy-schema.js';
import { validatePolicy } from '../../engine/validate/validate-policy.js';
import { referencePolicy } from '../support/reference-policies.js';
import { smallPolicy } from '../support/small-policy.js';

const validDecision = new Ajv2020({ allErrors: true, strict: false }).compile(Decision);

/** A policy whose rules set the conditions: class-like band on one amount. */
function conditionsPolicy(conditions: Record<string, string>): PolicyDocument {
  return {
    schemaVersion: 2,
    id: 'conditions-policy',
    name: 'Conditions',
    currency: 'EUR',
    inputs: [{ name: 'risk', type: 'number', min: 0, max: 100, required: true }],
    nodes: [
      {
        id: 'terms',
        kind: 'rules',
        config: {
          rules: [
            { id: 'ok', when: { all: [{ fact: 'risk', operator: 'lessThan', value: 50 }] }, actions: [{ type: 'outcome', outcome: 'accept', reason: { code: 'OK', message: 'ok' } }] },
            {
              id: 'risky',
              when: { all: [{ fact: 'risk', operator: 'greaterThanInclusive', value: 50 }] },
              actions: [
                { type: 'outcome', outcome: 'accept', reason: { code: 'WITH_CONDITIONS', message: 'with conditions' } },
                { type: 'set', variable: 'days', expression: '30' },
                { type: 'set', variable: 'advance', expression: 'risk / 200' },
                { type: 'set', variable: 'guarantee', expression: 'risk >= 80' },
                { type: 'set', variable: 'label', expression: '"thirty"' },
              ],
            },
          ],
        },
      },
      { id: 'decision', kind: 'decision', config: { conditions } },
    ],
    edges: [{ source: 'terms', target: 'decision' }],
    tests: [],
  } as unknown as PolicyDocument;
}

describe('accept with conditions', () => {
  it('returns each condition from its variable, typed; null when no rule set any', () => {
    const p = compilePolicy(conditionsPolicy({ paymentTermDays: 'days', prepaymentShare: 'advance', guaranteeRequired: 'guarantee' }));
    const risky = p.evaluate({ risk: 80 });
    // 80 / 200 = 0.4; 80 ≥ 80 → guarantee; cash on delivery not declared → null
    expect(risky.conditions).toEqual({ paymentTermDays: 30, prepaymentShare: 0.4, guaranteeRequired: true, cashOnDelivery: null });
    expect(validDecision(JSON.parse(JSON.stringify(risky))), JSON.stringify(validDecision.errors)).toBe(true);
    const safe = p.evaluate({ risk: 10 });
    expect(safe.outcome).toBe('accept');
    expect(safe.conditions).toBeNull();
    expect(validDecision(JSON.parse(JSON.stringify(safe)))).toBe(true);
  });

  it('a variable of the wrong type gives no condition rather than a wrong one', () => {
    const d = compilePolicy(conditionsPolicy({ paymentTermDays: 'label', cashOnDelivery: 'days' })).evaluate({ risk: 60 });
    expect(d.conditions).toBeNull();
  });

  it('a policy that declares no conditions returns no conditions field', () => {
    const d = compilePolicy(smallPolicy()).evaluate({ yearsInBusiness: 5, sector: 'retail', insolvencyProceedings: false, tangibleNetWorth: 100000, annualTurnover: 500000, requestedAmount: 1000 });
    expect('conditions' in d).toBe(false);
  });

  it('a condition naming an unknown variable is reported where it is written', () => {
    const diagnostics = validatePolicy(conditionsPolicy({ paymentTermDays: 'dayz' })).diagnostics.filter((x) => x.severity === 'error');
    expect(diagnostics.map((x) => [x.code, x.path])).toContainEqual(['UNKNOWN_NAME', '/nodes/1/config/conditions/paymentTermDays']);
  });

  it('b2b-standard attaches its conditions by class: none for B, 30 days and 30 % for D, cash for E', () => {
    const p = compilePolicy(referencePolicy('b2b-standard'));
    const worked = referencePolicy('b2b-standard').tests.find((t) => t.id === 'worked-example-class-b')!.facts;
    expect(p.evaluate(worked).conditions).toBeNull();
    expect(p.evaluate({ ...worked, paymentIncidents12m: 3, requestedAmount: 9000 }).conditions).toEqual({ paymentTermDays: 30, prepaymentShare: 0.3, guaranteeRequired: true, cashOnDelivery: null });
    expect(p.evaluate({ ...worked, insolvencyProceedings: true, proceedingsType: 'receivership' }).conditions).toEqual({ paymentTermDays: 0, prepaymentShare: null, guaranteeRequired: null, cashOnDelivery: true });
  });
});
