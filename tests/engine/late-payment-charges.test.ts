/**
 * LME helpers (Code de commerce L441-10, D441-5): a collection node that states the late-payment
 * rate gives each step after the due date what one invoice owes on that day — interest at the
 * policy's rate for the days late, and the fixed €40 recovery indemnity. Figures by hand.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../engine/compile/compile-policy.js';
import { checkFacts } from '../../engine/facts/check-facts.js';
import { withWarnings } from '../../engine/facts/decision-warnings.js';
import { Decision } from '../../engine/model/decision-schema.js';
import { validatePolicy } from '../../engine/validate/validate-policy.js';
import { referencePolicy } from '../support/reference-policies.js';

const validDecision = new Ajv2020({ allErrors: true, strict: false }).compile(Decision);

describe('late-payment charges on dunning steps', () => {
  const plans = compilePolicy(referencePolicy('payment-plan'));

  it('payment-plan: a missed instalment of 4,000 owes interest at 12.15 % for the days late, and 40', () => {
    const d = plans.evaluate({ riskClass: 'A', planAmount: 12000, instalments: 3, sellerInsured: false });
    const steps = d.collectionScenario!.steps;
    // before the due date: nothing owed
    expect(steps[0]).toEqual({ day: -5, action: 'email', label: 'Reminder of the coming instalment' });
    // 4,000 × 0.1215 × 7 / 365 = 3,402 / 365 = 9.3205… → 9.32; share 0.1215 × 7 / 365 = 0.00233014 → 0.00233
    expect(steps.find((s) => s.day === 7)?.charges).toEqual({ interestShare: 0.00233, lateInterest: 9.32, recoveryIndemnity: 40 });
    // 4,000 × 0.1215 × 15 / 365 = 7,290 / 365 = 19.9726… → 19.97
    expect(steps.find((s) => s.day === 15)?.charges).toEqual({ interestShare: 0.004993, lateInterest: 19.97, recoveryIndemnity: 40 });
    expect(validDecision(JSON.parse(JSON.stringify(d))), JSON.stringify(validDecision.errors)).toBe(true);
  });

  it('the strict follow-up of a class D plan: 28,000 financed in 3 → 9,333.33 late 20 days owes 62.14', () => {
    const d = plans.evaluate({ riskClass: 'D', planAmount: 40000, downPayment: 12000, instalments: 3, sellerInsured: false });
    // 9,333.33 × 0.1215 × 20 / 365 = 22,679.99 / 365 = 62.1369… → 62.14
    expect(d.collectionScenario!.steps.find((s) => s.day === 20)?.charges).toEqual({ interestShare: 0.006658, lateInterest: 62.14, recoveryIndemnity: 40 });
  });

  it('without an invoice amount the step gives the share of the invoice; the indemnity is the policy’s', () => {
    const doc = referencePolicy('payment-plan');
    const followUp = doc.nodes.find((n) => n.id === 'followUp')!;
    if (followUp.kind !== 'collection') throw new Error('followUp is a collection node');
    followUp.config.latePayment = { annualRate: 0.1, fixedIndemnity: 50 };
    const d = compilePolicy(doc).evaluate({ riskClass: 'A', planAmount: 12000, instalments: 3, sellerInsured: false });
    // 0.1 × 15 / 365 = 0.00410958… → 0.00411
    expect(d.collectionScenario!.steps.find((s) => s.day === 15)?.charges).toEqual({ interestShare: 0.00411, lateInterest: null, recoveryIndemnity: 50 });
  });

  it('an invoice amount naming something unknown is reported where it is written', () => {
    const doc = referencePolicy('payment-plan');
    const n = doc.nodes.findIndex((x) => x.id === 'followUp');
    const followUp = doc.nodes[n]!;
    if (followUp.kind !== 'collection') throw new Error('followUp is a collection node');
    followUp.config.latePayment = { annualRate: 0.1, invoiceAmount: 'instalmentAmmount' };
    const errors = validatePolicy(doc).diagnostics.filter((x) => x.severity === 'error');
    expect(errors.map((x) => x.path)).toContain(`/nodes/${n}/config/latePayment/invoiceAmount`);
  });

  it('a scenario without the rate carries no charges (b2b-standard claims them in a penalties step)', () => {
    const b2b = compilePolicy(referencePolicy('b2b-standard'));
    const facts = referencePolicy('b2b-standard').tests[0]!.facts;
    expect(b2b.evaluate(facts).collectionScenario!.steps.every((s) => s.charges === undefined)).toBe(true);
  });
});

describe('the facts check flags payment terms above the legal cap (L441-10), as the policy says', () => {
  const b2b = referencePolicy('b2b-standard');
  const worked = b2b.tests[0]!.facts;

  it('b2b-standard says "warning": 90 days are accepted and flagged; 60 days, or 45 end of month, are not', () => {
    const flagged = checkFacts(b2b, { ...worked, paymentTermDays: 90 });
    expect(flagged.ok).toBe(true);
    if (!flagged.ok) return;
    expect(flagged.warnings).toEqual([{ field: 'paymentTermDays', pointer: '/paymentTermDays', code: 'legal_cap', message: 'paymentTermDays: 90 days exceed the legal cap of 60 days (Code de commerce L441-10)', messages: { en: 'paymentTermDays: 90 days exceed the legal cap of 60 days (Code de commerce L441-10)', fr: '«\u00a0paymentTermDays\u00a0»\u202f: 90 jours dépassent le plafond légal de 60 jours (Code de commerce, art. L441-10)' }, params: { value: 90, cap: 60, endOfMonth: false } }]);
    const atCap = checkFacts(b2b, { ...worked, paymentTermDays: 60 });
    expect(atCap.ok && atCap.warnings).toBeUndefined();
    const endOfMonth = checkFacts(b2b, { ...worked, paymentTermDays: 50, endOfMonthTerms: true });
    expect(endOfMonth.ok && endOfMonth.warnings?.[0]?.message).toMatch(/50 days exceed the legal cap of 45 days end of month/);
  });

  it('a policy that says "refuse" refuses the request, naming the field', () => {
    const strict = referencePolicy('b2b-standard');
    strict.inputs.find((i) => i.name === 'paymentTermDays')!.legalTermsCap = { endOfMonthInput: 'endOfMonthTerms', onExceed: 'refuse' };
    const refused = checkFacts(strict, { ...worked, paymentTermDays: 61 });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.errors).toEqual([expect.objectContaining({ field: 'paymentTermDays', pointer: '/paymentTermDays', code: 'legal_cap' })]);
    expect(checkFacts(strict, { ...worked, paymentTermDays: 45, endOfMonthTerms: true }).ok).toBe(true);
  });
});

describe('the warnings travel in the decision (withWarnings)', () => {
  const b2b = referencePolicy('b2b-standard');
  const compiled = compilePolicy(b2b);
  const worked = b2b.tests[0]!.facts;

  it('a legal_cap warning becomes decision.warnings, worded in the language asked for, and the decision stays schema-valid', () => {
    const check = checkFacts(b2b, { ...worked, paymentTermDays: 75 });
    if (!check.ok) throw new Error('facts refused');
    const d = withWarnings(compiled.evaluate(check.facts, { language: 'fr' }), check.warnings, 'fr');
    expect(d.warnings).toEqual([
      {
        code: 'legal_cap',
        field: 'paymentTermDays',
        pointer: '/paymentTermDays',
        message: '«\u00a0paymentTermDays\u00a0»\u202f: 75 jours dépassent le plafond légal de 60 jours (Code de commerce, art. L441-10)',
        messages: { en: 'paymentTermDays: 75 days exceed the legal cap of 60 days (Code de commerce L441-10)', fr: '«\u00a0paymentTermDays\u00a0»\u202f: 75 jours dépassent le plafond légal de 60 jours (Code de commerce, art. L441-10)' },
        params: { value: 75, cap: 60, endOfMonth: false },
      },
    ]);
    expect(d.conditions?.paymentTermDays).toBe(60);
    expect(validDecision(JSON.parse(JSON.stringify(d))), JSON.stringify(validDecision.errors)).toBe(true);
  });

  it('no warning, no field: the very same decision object', () => {
    const check = checkFacts(b2b, worked);
    if (!check.ok) throw new Error('facts refused');
    const d = compiled.evaluate(check.facts);
    expect(withWarnings(d, check.warnings, 'en')).toBe(d);
    expect(d).not.toHaveProperty('warnings');
  });
});
