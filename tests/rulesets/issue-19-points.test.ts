/**
 * Issue 19: the eleven points a French credit manager raised on the reference policies, one test
 * each, with figures worked by hand from the rule (Code de commerce L441-10, L622-17, L622-24 /
 * R622-24; rulesets/README.md gives each figure's source). Every policy also carries a golden test
 * per point (ids `p<N>-…`).
 *
 * Each test must fail on the policies before the issue: point the test at another folder of
 * policies with CREDITGRAPH_RULESETS_DIR, e.g. the versions of main:
 *   mkdir -p /tmp/old && for f in b2b-standard order-release payment-plan; do git show main:rulesets/$f.json > /tmp/old/$f.json; done
 *   CREDITGRAPH_RULESETS_DIR=/tmp/old npx vitest run tests/rulesets/issue-19-points.test.ts
 * The decisions are taken with compilePolicy().evaluate(), which ignores facts a policy does not
 * declare, so the old policies are judged on what they decide, not on unknown facts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePolicy, type Decision, type Facts, type PolicyDocument } from '../../engine/index.js';
import { RULESETS_DIR } from '../support/reference-policies.js';

const DIR = process.env.CREDITGRAPH_RULESETS_DIR ?? RULESETS_DIR;
const load = (id: string) => compilePolicy(JSON.parse(readFileSync(join(DIR, `${id}.json`), 'utf8')) as PolicyDocument);
const b2b = load('b2b-standard');
const orders = load('order-release');
const plans = load('payment-plan');
const codes = (d: Decision) => d.reasons.map((r) => r.code);
const steps = (d: Decision) => d.collectionScenario?.steps.map((s) => `${s.day} ${s.action}`) ?? [];

/** domain.md's worked example: class B, net worth 80,000, turnover 700,000. */
const WORKED: Facts = {
  requestedAmount: 25000, insolvencyProceedings: false, yearsInBusiness: 12, equity: 80000, intangibleAssets: 0,
  totalAssets: 250000, currentAssets: 180000, currentLiabilities: 100000, financialDebt: 90000, netIncome: 42000,
  annualTurnover: 700000, avgPaymentDelayDays: 3, paymentIncidents12m: 0, sectorRisk: 'medium', bureauScore: 72,
};
/** A weak customer: every ratio in the worst band, 2 incidents, sector high, bureau 30. */
const WEAK: Facts = {
  requestedAmount: 10000, insolvencyProceedings: false, yearsInBusiness: 1, equity: 5000, intangibleAssets: 0,
  totalAssets: 200000, currentAssets: 80000, currentLiabilities: 100000, financialDebt: 120000, netIncome: -10000,
  annualTurnover: 500000, avgPaymentDelayDays: 40, paymentIncidents12m: 2, sectorRisk: 'high', bureauScore: 30,
};

describe('issue 19: reference policies a French credit manager would sign', () => {
  it('1. a missing figure never scores better than a bad one: insurer cover left out = cover 0', () => {
    // Score with 9 criteria: 10 + 10.5 + 5 + 5 + 5 + 10.5 + 10 + 3 + 75 × 15 % = 70.25, the cover is no criterion.
    const sent0 = b2b.evaluate({ ...WORKED, insurerCover: 0 });
    const leftOut = b2b.evaluate(WORKED);
    expect(sent0.score).toBe(70.25);
    expect(leftOut.score).toBe(70.25);
    expect(leftOut.riskClass).toBe(sent0.riskClass);
    expect(leftOut.outcome).toBe(sent0.outcome);
    // A customer near the B/C cut: bureau 50 (50 pts), sector high (20 pts), delay 10 days (40 pts):
    // 70.25 − 3.75 − 2 − 4.5 = 60 → C either way; before, 0 gave C and a missing cover more.
    const nearCut = { ...WORKED, bureauScore: 50, sectorRisk: 'high', avgPaymentDelayDays: 10 };
    expect(b2b.evaluate(nearCut).score).toBe(60);
    expect(b2b.evaluate({ ...nearCut, insurerCover: 0 }).score).toBe(60);
  });

  it('2. a class-E customer has no granted limit whatever the cover', () => {
    // years 0, ratios 0, delay 0, incidents 30 × 10 % = 3, sector 20 × 5 % = 1, bureau 25 × 15 % = 3.75 → 7.75 → E
    for (const insurerCover of [20000, 500000]) {
      const d = b2b.evaluate({ ...WEAK, insurerCover });
      expect(d.riskClass).toBe('E');
      expect(d.outcome).toBe('refuse');
      expect(d.creditLimit?.gross).toBe(0);
      expect(d.creditLimit?.unsecured).toBe(0);
    }
    // Nothing known but the purchases: score missing → E; the need (24,000) is no capacity in class E.
    const unknown = b2b.evaluate({ requestedAmount: 5000, insolvencyProceedings: false, expectedAnnualPurchases: 120000 });
    expect(unknown.riskClass).toBe('E');
    expect(unknown.creditLimit?.gross).toBe(0);
    // Insolvency forces E: no limit either, even insured.
    expect(b2b.evaluate({ ...WORKED, insolvencyProceedings: true, insurerCover: 100000 }).creditLimit?.gross).toBe(0);
  });

  it('3. the cover counts for its insured share less the deductible; an unnamed buyer gets the discretionary limit', () => {
    // B: 28,000 capacity. Agreement 20,000 at 90 % less 1,000 deductible → 17,000 → limit 45,000, unsecured 28,000.
    const named = b2b.evaluate({ ...WORKED, insurerCover: 20000, insurerDeductible: 1000 });
    expect(named.creditLimit).toMatchObject({ gross: 45000, unsecured: 28000, insurerCover: 17000 });
    // Insured share 80 %: 0.8 × 20,000 = 16,000 → 44,000.
    expect(b2b.evaluate({ ...WORKED, insurerCover: 20000, insuredShare: 0.8 }).creditLimit?.gross).toBe(44000);
    // No named agreement, clean history, discretionary limit 10,000 → 9,000 → 37,000.
    expect(b2b.evaluate({ ...WORKED, discretionaryLimit: 10000 }).creditLimit?.gross).toBe(37000);
    // The insurer refused the buyer (agreement 0): no discretionary cover → 28,000.
    expect(b2b.evaluate({ ...WORKED, insurerCover: 0, discretionaryLimit: 10000 }).creditLimit?.gross).toBe(28000);
    // Partial agreement: 20,000 of the 50,000 asked is noted.
    expect(codes(b2b.evaluate({ ...WORKED, requestedAmount: 50000, insurerCover: 20000 }))).toContain('PARTIAL_COVER');
  });

  it('4. net worth: 35 % for A and B (the vendor example, 28,000 kept), domain.md’s 10 % for C and D', () => {
    expect(b2b.evaluate(WORKED).creditLimit?.gross).toBe(28000); // min(0.35 × 80,000, 0.05 × 700,000)
    // Class C by score (bureau 50, sector high, delay 10 → 60): min(0.1 × 80,000 = 8,000, 0.03 × 700,000 = 21,000)
    const c = b2b.evaluate({ ...WORKED, bureauScore: 50, sectorRisk: 'high', avgPaymentDelayDays: 10 });
    expect(c.riskClass).toBe('C');
    expect(c.creditLimit?.gross).toBe(8000);
    // Class A by score (equity ratio 0.36, current ratio 2.5, debt ratio 0.18, early payer, bureau 85, sector low:
    // 70.25 + 4.5 + 5 + 5 + 4.5 + 3.75 + 2 = 95): never more than 35 % of net worth, 0.35 × 180,000 = 63,000 < 70,000.
    const a = b2b.evaluate({ ...WORKED, equity: 180000, totalAssets: 500000, avgPaymentDelayDays: -1, bureauScore: 85, sectorRisk: 'low', currentAssets: 250000 });
    expect(a.riskClass).toBe('A');
    expect(a.score).toBe(95);
    expect(a.creditLimit?.gross).toBe(63000);
  });

  it('5. the need counts the VAT rate given and the payment delay', () => {
    // 120,000 × (1 + 0.055) / 12 × (60 + 3) / 30 = 10,550 × 2.1 = 22,155 → min(28,000, 35,000, 22,155) → 22,000
    const reduced = b2b.evaluate({ ...WORKED, expectedAnnualPurchases: 120000, paymentTermDays: 60, vatRate: 0.055 });
    expect(reduced.variables.creditNeed).toBe(22155);
    expect(reduced.creditLimit?.gross).toBe(22000);
    // Export, no VAT, 20 days late on average: 120,000 / 12 × (45 + 20) / 30 = 21,666.67 → 21,500
    const exportCustomer = b2b.evaluate({ ...WORKED, expectedAnnualPurchases: 120000, paymentTermDays: 45, avgPaymentDelayDays: 20, vatRate: 0 });
    expect(exportCustomer.variables.creditNeed).toBe(21666.67);
  });

  it('6. LME: terms above 60 days (or 45 end of month) are capped; interest and the €40 indemnity are computed', () => {
    const d = b2b.evaluate({ ...WORKED, expectedAnnualPurchases: 120000, paymentTermDays: 90 });
    // need at 60 days, not 90: 120,000 × 1.2 / 12 × (60 + 3) / 30 = 25,200 → limit 25,000
    expect(d.variables.creditNeed).toBe(25200);
    expect(d.variables.maxPaymentTermDays).toBe(60);
    expect(codes(d)).toContain('TERMS_ABOVE_LEGAL_CAP');
    expect(b2b.evaluate({ ...WORKED, paymentTermDays: 50, endOfMonthTerms: true }).variables.maxPaymentTermDays).toBe(45);
    expect(codes(b2b.evaluate({ ...WORKED, paymentTermDays: 60 }))).not.toContain('TERMS_ABOVE_LEGAL_CAP');
    // Plan of 8,000 over 2 overdue invoices, 45 days late on average, rate 10 %: 8,000 × 0.1 × 45 / 365 = 98.63; 2 × 40 = 80
    const plan = plans.evaluate({ riskClass: 'A', planAmount: 8000, instalments: 2, sellerInsured: false, overdueInvoices: 2, avgDaysOverdue: 45, latePaymentRate: 0.1 });
    expect(plan.variables).toMatchObject({ accruedLateInterest: 98.63, recoveryIndemnity: 80 });
    expect(codes(plan)).toContain('LATE_PAYMENT_CHARGES');
  });

  it('7. dunning: 8 days after the formal notice at least, stop supply, agency, insurer notice, legal action for key accounts', () => {
    const scenarios = {
      standard: b2b.evaluate(WORKED),
      risky: b2b.evaluate({ ...WORKED, paymentIncidents12m: 3 }),
      keyAccounts: b2b.evaluate({ ...WORKED, keyAccount: true }),
    };
    for (const [id, d] of Object.entries(scenarios)) {
      expect(d.collectionScenario?.id).toBe(id);
      const s = d.collectionScenario!.steps;
      const day = (action: string) => s.find((x) => x.action === action)?.day;
      expect(day('litigation'), `${id} has legal action`).toBeDefined();
      expect(day('insurerNotice'), `${id} notifies the insurer`).toBeDefined();
      // a "pay within 8 days" letter needs 8 days plus the post before legal action
      expect(day('litigation')! - day('formalNotice')!, `${id}: days from formal notice to legal action`).toBeGreaterThanOrEqual(10);
      expect(day('insurerNotice')!, `${id}: insurer told within 60 days of the due date`).toBeLessThanOrEqual(60);
    }
    expect(steps(scenarios.standard)).toEqual(expect.arrayContaining(['53 stopSupply', '53 agency']));
    expect(steps(scenarios.risky)).toEqual(expect.arrayContaining(['15 stopSupply', '35 agency']));
    const legal = scenarios.standard.collectionScenario!.steps.find((x) => x.action === 'litigation')!;
    expect(legal.label).toMatch(/injonction de payer/);
  });

  it('8. order release: disputes and trifles do not hold, no limit needs an analyst, exposure counts LCR less cash and credit notes', () => {
    const disputed = orders.evaluate({ orderAmount: 5000, grantedLimit: 50000, openInvoices: 20000, overdueAmount: 6000, disputedAmount: 6000, maxDaysOverdue: 43, riskClass: 'B' });
    expect(disputed.outcome).toBe('accept');
    const trifle = orders.evaluate({ orderAmount: 5000, grantedLimit: 20000, openInvoices: 10000, overdueAmount: 50, maxDaysOverdue: 30, riskClass: 'D' });
    expect(trifle.outcome).toBe('accept');
    const noLimit = orders.evaluate({ orderAmount: 4500, grantedLimit: 0, openInvoices: 0, riskClass: 'B' });
    expect(noLimit.approvalLevel).toBe('creditAnalyst');
    // 20,000 + 15,000 + 20,000 − 2,000 − 1,000 = 52,000 on a 50,000 limit → 2,000 over → sales rep
    const bills = orders.evaluate({ orderAmount: 20000, grantedLimit: 50000, openInvoices: 20000, unmaturedBills: 15000, unappliedCash: 2000, creditNotes: 1000, riskClass: 'B' });
    expect(bills.variables.exposure).toBe(52000);
    expect(bills.outcome).toBe('escalate');
  });

  it('9. safeguard and receivership are not liquidation; any proceedings prompt the 2-month proof of claim', () => {
    for (const proceedingsType of ['safeguard', 'receivership']) {
      const d = b2b.evaluate({ ...WORKED, insolvencyProceedings: true, proceedingsType });
      expect(d.outcome).toBe('escalate');
      expect(d.approvalLevel).toBe('creditManager');
      expect(codes(d)).toEqual(expect.arrayContaining(['POST_OPENING_SUPPLY', 'PROOF_OF_CLAIM']));
      expect(d.variables.cashOnDelivery).toBe(true);
    }
    const liquidation = b2b.evaluate({ ...WORKED, insolvencyProceedings: true, proceedingsType: 'liquidation' });
    expect(liquidation.outcome).toBe('refuse');
    expect(codes(liquidation)).toContain('PROOF_OF_CLAIM');
    expect(liquidation.reasons.find((r) => r.code === 'PROOF_OF_CLAIM')?.message).toMatch(/2 months.*L622-24/);
  });

  it('10. payment plans: insurer agreement, interest, acceleration clause, no plan larger than its down payment, reasons that match the outcome', () => {
    expect(plans.evaluate({ riskClass: 'B', planAmount: 9000, instalments: 3, sellerInsured: true }).outcome).toBe('escalate');
    expect(plans.evaluate({ riskClass: 'B', planAmount: 9000, instalments: 3, sellerInsured: true, insurerAgreed: true }).outcome).toBe('accept');
    expect(plans.evaluate({ riskClass: 'A', planAmount: 5000, downPayment: 6000, instalments: 2, sellerInsured: false }).outcome).toBe('refuse');
    expect(plans.evaluate({ riskClass: 'A', planAmount: 60000, instalments: 6, instalmentIntervalDays: 180, sellerInsured: false }).approvalLevel).toBe('financeDirector');
    // 12,000 × 0.1215 × (3 + 1) / 2 × 30 / 365 = 239.67
    const auto = plans.evaluate({ riskClass: 'A', planAmount: 12000, instalments: 3, sellerInsured: false });
    expect(auto.variables.planInterest).toBe(239.67);
    expect(codes(auto)).toContain('ACCELERATION_CLAUSE');
    // No reason says "without approval" on an escalation, nor names the credit manager when another level decides.
    const cases: Facts[] = [
      { riskClass: 'B', planAmount: 9000, instalments: 3, instalmentIntervalDays: 90, sellerInsured: false },
      { riskClass: 'A', planAmount: 60000, instalments: 6, instalmentIntervalDays: 180, sellerInsured: false },
      { riskClass: 'A', planAmount: 600000, instalments: 5, sellerInsured: false },
    ];
    for (const facts of cases) {
      for (const language of ['en', 'fr'] as const) {
        const d = plans.evaluate(facts, { language });
        expect(d.outcome).toBe('escalate');
        for (const r of d.reasons) {
          expect(r.message, r.code).not.toMatch(/without approval|sans approbation/);
          if (d.approvalLevel !== 'creditManager') expect(r.message, r.code).not.toMatch(/the credit manager decides|le responsable crédit décide/);
        }
      }
    }
  });

  it('11. high risk is accepted with conditions: shorter terms, prepayment, guarantee, cash', () => {
    // D by 3 incidents (70.25 − 10 = 60.25 → C, override → D), limit min(8,000, 10,500) = 8,000
    const d = b2b.evaluate({ ...WORKED, paymentIncidents12m: 3, requestedAmount: 8000 });
    expect(d.riskClass).toBe('D');
    expect(d.outcome).toBe('accept');
    expect(d.variables).toMatchObject({ maxPaymentTermDays: 30, prepaymentShare: 0.3, guaranteeRequired: false });
    expect(b2b.evaluate({ ...WORKED, paymentIncidents12m: 3, requestedAmount: 9000 }).variables.guaranteeRequired).toBe(true);
    const c = b2b.evaluate({ ...WORKED, bureauScore: 50, sectorRisk: 'high', avgPaymentDelayDays: 10, requestedAmount: 8000 });
    expect(c.variables.maxPaymentTermDays).toBe(45);
    const e = b2b.evaluate(WEAK);
    expect(e.variables).toMatchObject({ prepaymentShare: 1, maxPaymentTermDays: 0 });
    expect(b2b.evaluate(WORKED).variables.prepaymentShare ?? null).toBeNull();
  });
});
