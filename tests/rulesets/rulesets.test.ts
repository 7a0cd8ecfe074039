/**
 * The reference policies of rulesets/: each one passes checkPolicy (validate + compile + golden tests),
 * and a few decisions are checked in full against figures computed by hand from the policy's rules.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkPolicy, compilePolicy, type Decision, type GoldenTest, type PolicyDocument } from '../../engine/index.js';
import { B2B_WORKED_EXAMPLE } from '../support/reference-policies.js';

const RULESETS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'rulesets');
const files = readdirSync(RULESETS).filter((f) => f.endsWith('.json')).sort();

function load(file: string): PolicyDocument {
  return JSON.parse(readFileSync(join(RULESETS, file), 'utf8')) as PolicyDocument;
}

/** What a golden test expects that the decision does not give (docs/policy-format.md, "Golden tests"). */
function goldenMismatches(test: GoldenTest, d: Decision): string[] {
  const e = test.expect;
  const out: string[] = [];
  const near = (a: unknown, b: number) => typeof a === 'number' && Math.abs(a - b) <= 0.005;
  const same = (what: string, expected: unknown, actual: unknown) => {
    const ok = typeof expected === 'number' ? near(actual, expected) : expected === actual;
    if (!ok) out.push(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  };
  if (e.outcome !== undefined) same('outcome', e.outcome, d.outcome);
  if (e.approvalLevel !== undefined) same('approvalLevel', e.approvalLevel, d.approvalLevel);
  if (e.riskClass !== undefined) same('riskClass', e.riskClass, d.riskClass);
  if (e.score !== undefined) same('score', e.score, d.score);
  if (e.creditLimit !== undefined) same('creditLimit', e.creditLimit, d.creditLimit?.gross ?? null);
  if (e.unsecuredLimit !== undefined) same('unsecuredLimit', e.unsecuredLimit, d.creditLimit?.unsecured ?? null);
  if (e.collectionScenario !== undefined) same('collectionScenario', e.collectionScenario, d.collectionScenario?.id ?? null);
  const codes = d.reasons.map((r) => r.code);
  for (const code of e.reasons ?? []) if (!codes.includes(code)) out.push(`reason ${code} missing (got ${codes.join(', ')})`);
  for (const [name, value] of Object.entries(e.variables ?? {})) same(`variables.${name}`, value, d.variables[name] ?? null);
  return out;
}

describe.each(files)('rulesets/%s', (file) => {
  const doc = load(file);

  it('has its id as file name, at least 8 golden tests and a layout position for every node', () => {
    expect(`${doc.id}.json`).toBe(file);
    expect(doc.tests.length).toBeGreaterThanOrEqual(8);
    for (const node of doc.nodes) expect(doc.layout?.nodes[node.id], `layout of ${node.id}`).toBeDefined();
    expect(doc.description?.length ?? 0).toBeGreaterThan(200);
    for (const input of doc.inputs) expect(input.label, `label of input ${input.name}`).toBeTruthy();
  });

  it('passes checkPolicy: no error diagnostics, every golden test passes', () => {
    const check = checkPolicy(doc);
    const errors = check.diagnostics.filter((x) => x.severity === 'error');
    expect(errors, JSON.stringify(errors, null, 2)).toEqual([]);
    const failing = check.golden.filter((g) => !g.passed);
    expect(failing, JSON.stringify(failing, null, 2)).toEqual([]);
    expect(check.golden.length).toBe(doc.tests.length);
  });

  it('gives every golden test its expected decision through compilePolicy().evaluate()', () => {
    const compiled = compilePolicy(doc);
    const problems: string[] = [];
    for (const test of doc.tests) {
      const mismatches = goldenMismatches(test, compiled.evaluate(test.facts));
      if (mismatches.length > 0) problems.push(`${test.id}: ${mismatches.join('; ')}`);
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('covers every outcome', () => {
    const outcomes = new Set(doc.tests.map((t) => t.expect.outcome));
    expect([...outcomes].sort()).toEqual(['accept', 'escalate', 'refuse']);
  });
});

// ---------------------------------------------------------------------------------------------
// Full decisions, figures computed by hand from the policies' rules.

const STANDARD_STEPS = [
  { day: -10, action: 'email' },
  { day: 4, action: 'email' },
  { day: 7, action: 'call' },
  { day: 14, action: 'email' },
  { day: 21, action: 'salesRep' },
  { day: 28, action: 'call' },
  { day: 33, action: 'penalties' },
  { day: 33, action: 'email' },
  { day: 43, action: 'formalNotice' },
  { day: 45, action: 'insurerNotice' },
  { day: 53, action: 'stopSupply' },
  { day: 53, action: 'agency' },
  { day: 75, action: 'litigation' },
];
const RISKY_STEPS = [
  { day: -8, action: 'email' },
  { day: 3, action: 'call' },
  { day: 7, action: 'email' },
  { day: 13, action: 'sms' },
  { day: 15, action: 'registeredLetter' },
  { day: 15, action: 'stopSupply' },
  { day: 20, action: 'salesRep' },
  { day: 25, action: 'formalNotice' },
  { day: 30, action: 'insurerNotice' },
  { day: 35, action: 'agency' },
  { day: 50, action: 'litigation' },
];
const KEY_ACCOUNT_STEPS = [
  { day: -10, action: 'call' },
  { day: 5, action: 'email' },
  { day: 12, action: 'call' },
  { day: 20, action: 'email' },
  { day: 28, action: 'call' },
  { day: 38, action: 'call' },
  { day: 45, action: 'call' },
  { day: 45, action: 'insurerNotice' },
  { day: 60, action: 'registeredLetter' },
  { day: 70, action: 'formalNotice' },
  { day: 90, action: 'litigation' },
];
const steps = (d: Decision) => d.collectionScenario?.steps.map(({ day, action }) => ({ day, action }));
const reason = (d: Decision, code: string) => d.reasons.find((r) => r.code === code);

/** The worked example of domain.md, in the b2b-standard policy (class B, 28,000). */
const WORKED_EXAMPLE = B2B_WORKED_EXAMPLE;
const CLASS_A = {
  insolvencyProceedings: false,
  yearsInBusiness: 15,
  equity: 400000,
  intangibleAssets: 30000,
  totalAssets: 1000000,
  currentAssets: 500000,
  currentLiabilities: 200000,
  financialDebt: 200000,
  netIncome: 160000,
  annualTurnover: 2000000,
  expectedAnnualPurchases: 900000,
  paymentTermDays: 45,
  avgPaymentDelayDays: -2,
  paymentIncidents12m: 0,
  sectorRisk: 'low',
  bureauScore: 85,
  insurerCover: 50000,
};

describe('b2b-standard: full decisions', () => {
  const policy = compilePolicy(load('b2b-standard.json'));

  it('worked example: every criterion, the limit bound by net worth, the standard scenario', () => {
    const d = policy.evaluate(WORKED_EXAMPLE);
    expect(d.outcome).toBe('accept');
    expect(d.approvalLevel).toBeNull();
    expect(d.score).toBe(70.25);
    expect(d.scoreScale).toEqual({ min: 0, max: 100 });
    expect(d.riskClass).toBe('B');
    // min(0.35 × 80,000 = 28,000, 0.05 × 700,000 = 35,000) + 0 cover = 28,000 (multiple of 500)
    expect(d.creditLimit).toEqual({ gross: 28000, unsecured: 28000, insurerCover: 0, guarantees: 0, boundBy: 'netWorth' });
    expect(d.collectionScenario?.id).toBe('standard');
    expect(steps(d)).toEqual(STANDARD_STEPS);
    // points and contribution = weight × points / 100, per criterion (bands by hand)
    const byId = Object.fromEntries(d.scorecard.map((c) => [c.id, c]));
    const expected: Record<string, [number, number, number]> = {
      years: [100, 10, 10],
      equityRatio: [70, 15, 10.5],
      currentRatio: [50, 10, 5],
      netMargin: [50, 10, 5],
      debtRatio: [50, 10, 5],
      paymentDelay: [70, 15, 10.5],
      incidents: [100, 10, 10],
      sector: [60, 5, 3],
      bureau: [75, 15, 11.25],
    };
    expect(Object.keys(byId).sort()).toEqual(Object.keys(expected).sort());
    for (const [id, [points, weight, contribution]] of Object.entries(expected)) {
      expect(byId[id]!.points, `${id} points`).toBe(points);
      expect(byId[id]!.weight, `${id} weight`).toBeCloseTo(weight, 6);
      expect(byId[id]!.contribution, `${id} contribution`).toBeCloseTo(contribution, 6);
      expect(byId[id]!.missing).toBe(false);
    }
    expect(byId.equityRatio!.value).toBe(0.32);
    expect(byId.sector!.value).toBe('medium');
    // explainTop 3: three criteria that lost points are explained
    expect(d.reasons.filter((r) => r.code === 'SCORE_CRITERION')).toHaveLength(3);
    const within = reason(d, 'WITHIN_LIMIT');
    expect(within).toMatchObject({ nodeId: 'approval', ruleId: 'within-limit' });
    expect(within?.message).not.toContain('{');
    expect(d.variables).toMatchObject({ tangibleNetWorth: 80000, equityRatio: 0.32, currentRatio: 1.8, debtRatio: 0.36, netMargin: 0.06 });
    // no seller sales → no concentration cap, and the rule's variable is missing
    expect(d.variables.concentrationCap).toBeNull();
    expect(d.variables.concentrationExcess ?? null).toBeNull();
  });

  it('missing bureau score and sector: weights re-spread over the 80 points present', () => {
    const { bureauScore: _b, sectorRisk: _s, ...facts } = WORKED_EXAMPLE;
    const d = policy.evaluate({ ...facts, requestedAmount: 26000 });
    // (7,025 − 15 × 75 − 5 × 60) / 80 = 5,600 / 80 = 70
    expect(d.score).toBe(70);
    expect(d.riskClass).toBe('B');
    const byId = Object.fromEntries(d.scorecard.map((c) => [c.id, c]));
    expect(byId.bureau!.missing).toBe(true);
    expect(byId.sector!.missing).toBe(true);
    expect(byId.bureau!.value).toBeNull();
    // years: weight 10 re-spread to 10 / 80 × 100 = 12.5%
    expect(byId.years!.weight).toBeCloseTo(12.5, 6);
    const total = d.scorecard.reduce((s, c) => s + c.contribution, 0);
    expect(total).toBeCloseTo(70, 1);
    expect(d.outcome).toBe('accept');
  });

  it('class-A key account bound by its net worth, insured: unsecured part decides the level', () => {
    const d = policy.evaluate({ ...CLASS_A, requestedAmount: 250000, keyAccount: true });
    expect(d.score).toBe(95);
    expect(d.riskClass).toBe('A');
    // capacities 0.35 × 370,000 = 129,500; 0.1 × 2,000,000 = 200,000; need 900,000 × 1.2 / 12 × (45 + 0) / 30 = 135,000
    // insured part of the 50,000 agreement 0.9 × 50,000 − 0 = 45,000; gross 129,500 + 45,000 = 174,500; unsecured 129,500
    expect(d.creditLimit).toEqual({ gross: 174500, unsecured: 129500, insurerCover: 45000, guarantees: 0, boundBy: 'netWorth' });
    // authority 250,000 − 45,000 = 205,000 → finance director (100,000 < 205,000 ≤ 500,000)
    expect(d.outcome).toBe('escalate');
    expect(d.approvalLevel).toBe('financeDirector');
    expect(d.variables).toMatchObject({ approvalOutcome: 'escalate', authorityAmount: 205000, limitBase: 129500, creditLimit: 174500, unsecuredLimit: 129500 });
    expect(d.collectionScenario?.id).toBe('keyAccounts');
    expect(steps(d)).toEqual(KEY_ACCOUNT_STEPS);
    expect(reason(d, 'KEY_ACCOUNT')).toMatchObject({ nodeId: 'collection' });
    expect(reason(d, 'ABOVE_LIMIT')).toMatchObject({ nodeId: 'approval', effect: 'escalate' });
  });

  it('insolvency: forced to E, knocked out, no limit, risky dunning even for a key account', () => {
    const d = policy.evaluate({ ...WORKED_EXAMPLE, insolvencyProceedings: true, keyAccount: true });
    expect(d.score).toBe(70.25);
    expect(d.riskClass).toBe('E');
    expect(d.outcome).toBe('refuse');
    expect(d.approvalLevel).toBeNull();
    expect(d.creditLimit?.gross).toBe(0);
    expect(d.creditLimit?.unsecured).toBe(0);
    expect(steps(d)).toEqual(RISKY_STEPS);
    expect(reason(d, 'INSOLVENCY')).toMatchObject({ nodeId: 'riskClass', ruleId: 'insolvency' });
    expect(reason(d, 'KO_INSOLVENCY')).toMatchObject({ nodeId: 'knockouts', ruleId: 'insolvency', effect: 'refuse' });
    expect(reason(d, 'CLASS_E')).toMatchObject({ nodeId: 'approval', effect: 'refuse' });
    expect(reason(d, 'KEY_ACCOUNT')).toBeUndefined();
    expect(reason(d, 'PROOF_OF_CLAIM')).toMatchObject({ nodeId: 'knockouts', ruleId: 'proof-of-claim' });
  });

  it('three incidents: override to D with its message filled in, limit 8,000, risky scenario', () => {
    const d = policy.evaluate({ ...WORKED_EXAMPLE, paymentIncidents12m: 3 });
    expect(d.score).toBe(60.25);
    expect(d.riskClass).toBe('D');
    expect(d.variables.riskClassRank).toBe(3);
    expect(reason(d, 'PAYMENT_INCIDENTS')?.message).toMatch(/^3 payment incidents/);
    // min(0.1 × 80,000 = 8,000, 0.015 × 700,000 = 10,500)
    expect(d.creditLimit).toMatchObject({ gross: 8000, unsecured: 8000, boundBy: 'netWorth' });
    expect(d.approvalLevel).toBe('creditAnalyst');
    expect(d.collectionScenario?.id).toBe('risky');
  });

  it('concentration: within the limit, above 10% of our sales → finance director, excess set', () => {
    const d = policy.evaluate({ ...CLASS_A, requestedAmount: 170000, sellerAnnualSales: 1500000 });
    expect(d.outcome).toBe('escalate');
    expect(d.approvalLevel).toBe('financeDirector');
    // 170,000 ≤ limit 174,500; cap 0.1 × 1,500,000 = 150,000 → excess 20,000
    expect(d.variables).toMatchObject({ approvalOutcome: 'accept', concentrationCap: 150000, concentrationExcess: 20000 });
    expect(reason(d, 'CONCENTRATION')).toMatchObject({ nodeId: 'knockouts', ruleId: 'concentration', effect: 'escalate' });
  });
});

describe('order-release: full decisions', () => {
  const policy = compilePolicy(load('order-release.json'));

  it('over the limit with significant overdue: the higher of the two levels', () => {
    const d = policy.evaluate({ orderAmount: 30000, grantedLimit: 100000, openInvoices: 80000, openOrders: 20000, overdueAmount: 16000, maxDaysOverdue: 20, riskClass: 'B' });
    // exposure 130,000, overrun 30,000 → credit manager; overdue 20% at 20 days → credit analyst
    expect(d.outcome).toBe('escalate');
    expect(d.approvalLevel).toBe('creditManager');
    expect(d.variables).toMatchObject({ exposure: 130000, overrun: 30000, limitUsage: 1.3, overdueShare: 0.2, authorityAmount: 30000, approvalAmount: 30000 });
    expect(reason(d, 'OVERDUE_SIGNIFICANT')).toMatchObject({ nodeId: 'holds', ruleId: 'significant-overdue', effect: 'escalate' });
    expect(reason(d, 'OVER_LIMIT')).toMatchObject({ nodeId: 'approval', effect: 'escalate' });
    expect(d.reasons.every((r) => !r.message.includes('{'))).toBe(true);
    expect(steps(d)).toEqual(STANDARD_STEPS);
    expect(d.riskClass).toBeNull();
    expect(d.score).toBeNull();
    expect(d.creditLimit).toBeNull();
  });

  it('final dunning stage depends on the scenario: 43 days holds a standard customer, not a key account', () => {
    const base = { orderAmount: 5000, grantedLimit: 50000, openInvoices: 20000, overdueAmount: 6000, maxDaysOverdue: 43 };
    const standard = policy.evaluate({ ...base, riskClass: 'B' });
    expect(standard.outcome).toBe('refuse');
    expect(reason(standard, 'OVERDUE_FINAL_STAGE')).toMatchObject({ nodeId: 'holds', effect: 'refuse' });
    const key = policy.evaluate({ ...base, riskClass: 'B', keyAccount: true });
    expect(key.collectionScenario?.id).toBe('keyAccounts');
    expect(key.outcome).toBe('escalate');
    expect(key.approvalLevel).toBe('creditAnalyst');
    expect(reason(key, 'OVERDUE_FINAL_STAGE')).toBeUndefined();
  });
});

describe('payment-plan: full decisions', () => {
  const policy = compilePolicy(load('payment-plan.json'));

  it('class D, 3 instalments, 30% down, insured without the insurer agreement: credit manager, strict follow-up', () => {
    const d = policy.evaluate({ riskClass: 'D', planAmount: 40000, downPayment: 12000, instalments: 3, sellerInsured: true });
    expect(d.outcome).toBe('escalate');
    expect(d.approvalLevel).toBe('creditManager');
    // financed 40,000 − 12,000 = 28,000; 28,000 / 3 = 9,333.33; 3 × 30 = 90 days
    expect(d.variables).toMatchObject({ downPaymentShare: 0.3, requiredDownPaymentShare: 0.3, requiredDownPayment: 12000, financedAmount: 28000, instalmentAmount: 9333.33, planDurationDays: 90, authorityAmount: 28000 });
    // insured, no prior agreement from the insurer → the analyst asks for it; the credit manager, higher, is kept
    expect(reason(d, 'INSURER_AGREEMENT_REQUIRED')).toMatchObject({ nodeId: 'checks', ruleId: 'insurer-agreement', effect: 'escalate' });
    expect(reason(d, 'INSURER_NOTICE')).toBeUndefined();
    expect(reason(d, 'CLASS_D_PLAN')).toMatchObject({ nodeId: 'approval', ruleId: 'class-d', effect: 'escalate' });
    expect(d.collectionScenario?.id).toBe('planFollowUpStrict');
    expect(steps(d)).toEqual([
      { day: -5, action: 'email' },
      { day: 1, action: 'call' },
      { day: 3, action: 'stopSupply' },
      { day: 5, action: 'registeredLetter' },
      { day: 10, action: 'formalNotice' },
      { day: 20, action: 'litigation' },
    ]);
  });

  it('class C short of the down payment: refused, the message names the 2,000 required', () => {
    const d = policy.evaluate({ riskClass: 'C', planAmount: 10000, downPayment: 1500, instalments: 3, sellerInsured: false });
    expect(d.outcome).toBe('refuse');
    expect(d.approvalLevel).toBeNull();
    const r = reason(d, 'DOWN_PAYMENT_REQUIRED');
    expect(r).toMatchObject({ nodeId: 'approval', ruleId: 'down-payment-short', effect: 'refuse' });
    expect(r?.message).toMatch(/2[ ,.]?000/);
    expect(r?.message).not.toContain('{');
    expect(d.variables).toMatchObject({ downPaymentShare: 0.15, requiredDownPayment: 2000, financedAmount: 8500 });
  });
});
