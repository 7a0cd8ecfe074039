/**
 * Issue 19: the ECB rate behind the late-payment penalties (L441-10: the rate in force on 1 January
 * for the first half-year, on 1 July for the second) is a dated, sourced figure of payment-plan,
 * written once; checking the policy with today's date warns when it is older than the half-year.
 * The engine has no clock: "today" is passed in.
 */
import { describe, expect, it } from 'vitest';
import { checkPolicy } from '../../engine/pipeline/check-policy.js';
import { validatePolicy } from '../../engine/validate/validate-policy.js';
import { periodStart } from '../../engine/validate/check-reference-figures.js';
import { compilePolicy } from '../../engine/compile/compile-policy.js';
import type { PolicyDocument } from '../../engine/model/policy-schema.js';
import { referencePolicy } from '../support/reference-policies.js';

const plans = () => referencePolicy('payment-plan') as PolicyDocument;
const rateOf = (doc: PolicyDocument) => {
  const plan = doc.nodes.find((n) => n.id === 'plan');
  if (plan?.kind !== 'formula') throw new Error('no plan formula');
  const index = plan.config.variables.findIndex((v) => v.name === 'ecbReferenceRate');
  return { variable: plan.config.variables[index]!, path: `/nodes/${doc.nodes.indexOf(plan)}/config/variables/${index}/reference/asOf` };
};
const outOfDate = (doc: PolicyDocument, today?: string) => validatePolicy(doc, today === undefined ? {} : { today }).diagnostics.filter((d) => d.code === 'REFERENCE_OUT_OF_DATE');

describe('the current period of a reference figure', () => {
  it('half-years start on 1 January and 1 July; years on 1 January', () => {
    expect(periodStart('2026-06-30', 'halfYearly')).toBe('2026-01-01');
    expect(periodStart('2026-07-01', 'halfYearly')).toBe('2026-07-01');
    expect(periodStart('2026-12-31', 'halfYearly')).toBe('2026-07-01');
    expect(periodStart('2026-12-31', 'yearly')).toBe('2026-01-01');
    expect(periodStart('2026-02-30', 'yearly')).toBeNull();
  });
});

describe('payment-plan: the ECB rate, dated and sourced', () => {
  it('is stated once, with its date, its source and a half-yearly review', () => {
    const { variable } = rateOf(plans());
    expect(variable.expression).toBe('0.0215');
    expect(variable.reference).toMatchObject({ asOf: '2025-07-01', review: 'halfYearly' });
    expect(variable.reference!.source).toMatch(/ECB/);
    expect(variable.reference!.source).toMatch(/L441-10/);
    // nowhere else: no literal 0.1215 or 0.0215 in the rules, the follow-up reads the formula
    const json = JSON.stringify(plans().nodes);
    expect(json.match(/0\.1215/g)).toBeNull();
    expect(json.match(/0\.0215/g)).toHaveLength(1);
  });

  it('without a date to compare with, nothing is said (the engine has no clock)', () => {
    expect(outOfDate(plans())).toEqual([]);
  });

  it('within its half-year (1 July – 31 December 2025) it is current; from 1 January 2026 it is a warning, in English and French', () => {
    expect(outOfDate(plans(), '2025-07-01')).toEqual([]);
    expect(outOfDate(plans(), '2025-12-31')).toEqual([]);
    const [warning, ...more] = outOfDate(plans(), '2026-01-01');
    expect(more).toEqual([]);
    expect(warning).toMatchObject({ severity: 'warning', nodeId: 'plan', path: rateOf(plans()).path, params: { name: 'ecbReferenceRate', asOf: '2025-07-01', since: '2026-01-01', review: 'halfYearly' } });
    expect(warning!.messages.en).toContain("'ecbReferenceRate' dates from 2025-07-01, before the current half-year (from 2026-01-01): look it up again (ECB");
    expect(warning!.messages.fr).toContain('date du 2025-07-01, avant le semestre en cours (depuis le 2026-01-01)\u202f: vérifiez-le à nouveau (ECB');
    // a warning: the policy stays valid, compiles and passes its golden tests
    const check = checkPolicy(plans(), { today: '2026-12-07' });
    expect(check.valid).toBe(true);
    expect(check.golden.every((g) => g.passed)).toBe(true);
    expect(check.diagnostics.map((d) => d.code)).toContain('REFERENCE_OUT_OF_DATE');
  });

  it('updated for the half-year (value and date), the warning goes', () => {
    const doc = plans();
    rateOf(doc).variable.reference!.asOf = '2026-07-01';
    expect(outOfDate(doc, '2026-12-07')).toEqual([]);
    expect(outOfDate(doc, '2027-01-01')).toHaveLength(1);
  });

  it('a yearly figure is current through its year', () => {
    const doc = plans();
    Object.assign(rateOf(doc).variable.reference!, { asOf: '2026-01-01', review: 'yearly' });
    expect(outOfDate(doc, '2026-12-31')).toEqual([]);
    expect(outOfDate(doc, '2027-01-01')).toHaveLength(1);
  });

  it('a date that is not in the calendar is an error', () => {
    const doc = plans();
    rateOf(doc).variable.reference!.asOf = '2026-02-30';
    const result = validatePolicy(doc, { today: '2026-03-01' });
    expect(result.valid).toBe(false);
    expect(result.diagnostics).toContainEqual(expect.objectContaining({ code: 'REFERENCE_DATE_INVALID', severity: 'error', path: rateOf(doc).path }));
  });

  it('one edit moves every figure: ECB 3 % → the plan\'s interest and the follow-up\'s charges at 13 %', () => {
    const doc = plans();
    rateOf(doc).variable.expression = '0.03';
    const d = compilePolicy(doc).evaluate({ riskClass: 'A', planAmount: 12000, instalments: 3, sellerInsured: false });
    expect(d.variables.lateInterestRate).toBe(0.13);
    // 12,000 × 0.13 × (3 + 1) / 2 × 30 / 365 = 3,120 × 30 / 365 = 93,600 / 365 = 256.438… → 256.44
    expect(d.variables.planInterest).toBe(256.44);
    // a missed instalment of 4,000 at +7: 4,000 × 0.13 × 7 / 365 = 3,640 / 365 = 9.9726… → 9.97; share 0.91 / 365 = 0.0024931… → 0.002493
    expect(d.collectionScenario!.steps.find((s) => s.day === 7)?.charges).toEqual({ interestShare: 0.002493, lateInterest: 9.97, recoveryIndemnity: 40 });
    // the rate of our own terms of sale, when sent, rules both too
    const own = compilePolicy(doc).evaluate({ riskClass: 'A', planAmount: 12000, instalments: 3, sellerInsured: false, latePaymentRate: 0.15 });
    // 4,000 × 0.15 × 7 / 365 = 4,200 / 365 = 11.506… → 11.51
    expect(own.collectionScenario!.steps.find((s) => s.day === 7)?.charges?.lateInterest).toBe(11.51);
  });
});

describe('calendar dates', () => {
  it('know leap years', () => {
    expect(periodStart('2028-02-29', 'yearly')).toBe('2028-01-01');
    expect(periodStart('2027-02-29', 'yearly')).toBeNull();
    expect(periodStart('2100-02-29', 'yearly')).toBeNull();
    expect(periodStart('2000-02-29', 'halfYearly')).toBe('2000-01-01');
    expect(periodStart('2026-13-01', 'yearly')).toBeNull();
  });
});
