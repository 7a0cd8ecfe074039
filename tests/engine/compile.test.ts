/**
 * compilePolicy on a small inline policy that uses every node kind. Every expected figure is
 * worked out by hand in the comments.
 */
import fc from 'fast-check';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { compilePolicy, PolicyInvalidError } from '../../engine/compile/compile-policy.js';
import { checkFacts } from '../../engine/facts/check-facts.js';
import { Decision } from '../../engine/model/decision-schema.js';
import type { Facts, PolicyDocument } from '../../engine/model/policy-schema.js';

interface Options {
  missingRule?: 'points' | 'reweight';
  roundingMode?: 'down' | 'nearest' | 'up';
  topCeiling?: number | null;
}

function policy({ missingRule = 'points', roundingMode = 'down', topCeiling = null }: Options = {}): PolicyDocument {
  return {
    schemaVersion: 1,
    id: 'every-node',
    name: 'Every node kind',
    currency: 'EUR',
    inputs: [
      { name: 'amount', type: 'number', min: 0, required: true },
      { name: 'years', type: 'number', min: 0, required: false },
      { name: 'sector', type: 'enum', values: ['low', 'high'], required: false },
      { name: 'insolvent', type: 'boolean', required: false },
      { name: 'netWorth', type: 'number', required: false },
      { name: 'cover', type: 'number', min: 0, required: false },
      { name: 'incidents', type: 'integer', min: 0, required: false },
    ],
    conditions: { isInsolvent: { all: [{ fact: 'insolvent', operator: 'equal', value: true }] } },
    nodes: [
      { id: 'f', kind: 'formula', config: { variables: [
        { name: 'thirdWorth', expression: 'netWorth / 3', decimals: 2 },
        { name: 'tenth', expression: '0.1 + 0.2' },
        { name: 'tenthTwice', expression: 'tenth * 2' },
      ] } },
      { id: 'sc', kind: 'scorecard', config: {
        output: 'score', scale: { min: 0, max: 100 }, missingRule, explainTop: 1,
        criteria: [
          { id: 'years', label: 'Years in business', variable: 'years', weight: 60, missingPoints: 20,
            bands: [{ max: 3, points: 0 }, { min: 3, max: 10, points: 50 }, { min: 10, points: 100 }] },
          { id: 'sector', variable: 'sector', weight: 40, bands: [{ values: ['low'], points: 100 }, { values: ['high'], points: 0 }] },
        ],
      } },
      { id: 'rc', kind: 'riskClass', config: {
        score: 'score',
        classes: [{ id: 'A', minScore: 70 }, { id: 'B', minScore: 40 }, { id: 'C', minScore: 0 }],
        overrides: [
          { id: 'insolvency', when: { condition: 'isInsolvent' }, effect: 'force', class: 'C', reason: { code: 'INSOLVENCY', message: 'Insolvent' } },
          { id: 'incidents', when: { all: [{ fact: 'incidents', operator: 'greaterThanInclusive', value: 3 }] }, effect: 'noBetterThan', class: 'B',
            reason: { code: 'INCIDENTS', message: '{incidents} incidents' } },
        ],
      } },
      { id: 'cl', kind: 'creditLimit', config: {
        classParameters: { A: { share: 0.5 }, B: { share: 0.25 }, C: { share: 0 } },
        capacities: [{ id: 'worth', expression: 'share * netWorth' }, { id: 'cap', expression: '30000' }],
        insurerCover: 'coalesce(cover, 0)', addInsurerCover: true, floor: 0, ceiling: 50000,
        rounding: { step: 1000, mode: roundingMode },
      } },
      { id: 'ap', kind: 'approval', config: {
        amount: 'amount', authorityAmount: 'max(0, amount - coalesce(cover, 0))',
        levels: [{ id: 'analyst', maxAmount: 5000 }, { id: 'manager', maxAmount: 20000 }, { id: 'director', maxAmount: topCeiling }],
        rules: [
          { id: 'class-c', when: { all: [{ fact: 'riskClass', operator: 'equal', value: 'C' }] }, outcome: 'refuse', reason: { code: 'CLASS_C', message: 'Class C' } },
          { id: 'within', when: { all: [{ fact: 'amount', operator: 'lessThanInclusive', value: { fact: 'creditLimit' } }] }, outcome: 'accept',
            reason: { code: 'WITHIN', message: 'Requested {amount} within {creditLimit}' } },
        ],
        default: { outcome: 'escalate', reason: { code: 'ABOVE', message: 'Requested {amount} above {creditLimit}' } },
      } },
      { id: 'ko', kind: 'rules', config: { rules: [
        { id: 'insolvent', when: { condition: 'isInsolvent' }, actions: [{ type: 'outcome', outcome: 'refuse', reason: { code: 'KO', message: 'Knock-out' } }] },
        { id: 'young', when: { all: [{ fact: 'years', operator: 'lessThan', value: 1 }] },
          actions: [{ type: 'reason', reason: { code: 'YOUNG', message: 'Young company' } }, { type: 'set', variable: 'youngFlag', expression: 'amount * 2' }] },
        { id: 'big', when: { all: [{ fact: 'amount', operator: 'greaterThan', value: 40000 }] },
          actions: [{ type: 'outcome', outcome: 'escalate', level: 'manager', reason: { code: 'BIG', message: 'Big request' } }] },
      ] } },
      { id: 'co', kind: 'collection', config: {
        scenarios: [{ id: 'std', label: 'Standard', steps: [{ day: -5, action: 'email' }, { day: 10, action: 'call' }] },
                    { id: 'risky', steps: [{ day: 3, action: 'call' }] }],
        byClass: { A: 'std', B: 'std', C: 'risky' },
        overrides: [{ id: 'high-sector', when: { all: [{ fact: 'sector', operator: 'equal', value: 'high' }] }, scenario: 'risky',
                      reason: { code: 'HIGH_SECTOR', message: 'High-risk sector' } }],
      } },
      { id: 'd', kind: 'decision', config: {} },
    ],
    edges: [
      { source: 'f', target: 'sc' }, { source: 'sc', target: 'rc' }, { source: 'rc', target: 'cl' }, { source: 'cl', target: 'ap' },
      { source: 'rc', target: 'co' }, { source: 'ap', target: 'd' }, { source: 'ko', target: 'd' }, { source: 'co', target: 'd' },
    ],
    tests: [],
  } as unknown as PolicyDocument;
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validDecision = ajv.compile(Decision);
const codes = (d: { reasons: { code: string }[] }) => d.reasons.map((r) => r.code);

describe('compilePolicy: every node kind', () => {
  const compiled = compilePolicy(policy());

  it('accepts a good customer within the limit', () => {
    // years 12 → 100 pts × 60, sector low → 100 × 40: score 100 → A. Limit: 0.5 × 60,000 = 30,000 and
    // cap 30,000 tie → the first (worth) bounds it; + cover 0 = 30,000 (a multiple of 1,000).
    // 8,000 ≤ 30,000 → accept. No criterion lost points → no SCORE_CRITERION.
    const d = compiled.evaluate({ amount: 8000, years: 12, sector: 'low', netWorth: 60000 });
    expect(validDecision(d), JSON.stringify(validDecision.errors)).toBe(true);
    expect(d).toMatchObject({
      outcome: 'accept', approvalLevel: null, score: 100, scoreScale: { min: 0, max: 100 }, riskClass: 'A',
      creditLimit: { gross: 30000, unsecured: 30000, insurerCover: 0, guarantees: 0, boundBy: 'worth' },
      collectionScenario: { id: 'std', label: 'Standard', steps: [{ day: -5, action: 'email' }, { day: 10, action: 'call' }] },
    });
    expect(d.reasons).toEqual([{ code: 'WITHIN', message: 'Requested 8,000 within 30,000', nodeId: 'ap', params: { amount: 8000, creditLimit: 30000 }, ruleId: 'within', effect: 'accept' }]);
    // 60,000 / 3 = 20,000; 0.1 + 0.2 rounded to 6 decimals is exactly 0.3, so tenth * 2 = 0.6.
    expect(d.variables).toMatchObject({ thirdWorth: 20000, tenth: 0.3, tenthTwice: 0.6, riskClassRank: 0, creditLimit: 30000, unsecuredLimit: 30000, limitBase: 30000,
      approvalOutcome: 'accept', approvalLevel: null, approvalAmount: 8000, authorityAmount: 8000, collectionScenario: 'std', youngFlag: null });
  });

  it('rounds formula variables to their decimals', () => {
    // 100 / 3 = 33.333… → 2 decimals: 33.33
    expect(compiled.evaluate({ amount: 1, netWorth: 100 }).variables.thirdWorth).toBe(33.33);
  });

  it('scores a missing value with missingPoints, explains the costliest criterion, refuses class C', () => {
    // years missing → 20 pts × 60 = 1,200; sector high → 0 × 40: score 12 → C.
    // Lost: years 60 × (100 − 20) / 100 = 48, sector 40 × 100 / 100 = 40 → explainTop 1 = years.
    // Limit: C share 0 → worth 0, the lowest; + cover 10,000 = 10,000; unsecured 10,000 − 10,000 = 0.
    // Approval: class-c matches first → refuse. Collection: the high-sector override → risky.
    const d = compiled.evaluate({ amount: 25000, sector: 'high', netWorth: 40000, cover: 10000 });
    expect(validDecision(d)).toBe(true);
    expect(d.score).toBe(12);
    expect(d.riskClass).toBe('C');
    expect(d.scorecard).toEqual([
      { id: 'years', label: 'Years in business', value: null, band: null, points: 20, weight: 60, contribution: 12, lost: 48, missing: true },
      { id: 'sector', value: 'high', band: 1, points: 0, weight: 40, contribution: 0, lost: 40, missing: false },
    ]);
    expect(d.creditLimit).toEqual({ gross: 10000, unsecured: 0, insurerCover: 10000, guarantees: 0, boundBy: 'worth' });
    expect(d.outcome).toBe('refuse');
    expect(d.collectionScenario?.id).toBe('risky');
    expect(d.reasons[0]).toEqual({ code: 'SCORE_CRITERION', message: 'Years in business (n/a) cost 48 points', nodeId: 'sc', params: { criterion: 'years', value: null, lost: 48 }, ruleId: 'years' });
    expect(codes(d)).toEqual(expect.arrayContaining(['SCORE_CRITERION', 'CLASS_C', 'HIGH_SECTOR']));
    expect(codes(d)).toHaveLength(3);
  });

  it('re-spreads the weights of missing criteria with missingRule "reweight"', () => {
    // years missing, sector low. points: (60 × 20 + 40 × 100) / 100 = 52 → B.
    // reweight: only sector counts, 100 × 40 / 40 = 100 → A, sector weight 100 %.
    const facts = { amount: 1000, sector: 'low' as const, netWorth: 60000 };
    expect(compiled.evaluate(facts)).toMatchObject({ score: 52, riskClass: 'B' });
    const reweighted = compilePolicy(policy({ missingRule: 'reweight' })).evaluate(facts);
    expect(reweighted).toMatchObject({ score: 100, riskClass: 'A' });
    expect(reweighted.scorecard.map((c) => [c.id, c.weight, c.contribution, c.missing])).toEqual([['years', 0, 0, true], ['sector', 100, 100, false]]);
  });

  it('gives the worst class and SCORE_MISSING when no criterion is known', () => {
    const d = compilePolicy(policy({ missingRule: 'reweight' })).evaluate({ amount: 1000 });
    expect(d.score).toBeNull();
    expect(d.riskClass).toBe('C');
    expect(codes(d)).toContain('SCORE_MISSING');
  });

  it('applies overrides: noBetterThan moves A down to B, force sets C', () => {
    // Score 100 → A, 3 incidents → no better than B. Limit B: 0.25 × 60,000 = 15,000.
    const capped = compiled.evaluate({ amount: 1000, years: 12, sector: 'low', netWorth: 60000, incidents: 3 });
    expect(capped).toMatchObject({ riskClass: 'B', creditLimit: { gross: 15000 }, variables: { riskClassRank: 1 } });
    expect(capped.reasons.find((r) => r.code === 'INCIDENTS')).toEqual({ code: 'INCIDENTS', message: '3 incidents', nodeId: 'rc', params: { incidents: 3 }, ruleId: 'incidents' });
    const forced = compiled.evaluate({ amount: 1000, years: 12, sector: 'low', netWorth: 60000, insolvent: true });
    expect(forced.riskClass).toBe('C');
  });

  it('escalates to the lowest level covering the authority amount, keeping the highest level asked', () => {
    // A: worth 30,000, cap 30,000 → 30,000 + cover 5,000 = 35,000. 45,000 > 35,000 → default escalate.
    // Authority 45,000 − 5,000 = 40,000: analyst 5,000 no, manager 20,000 no, director (no ceiling) yes.
    // The "big" rule asks manager; the highest of the two is director.
    const d = compiled.evaluate({ amount: 45000, years: 12, sector: 'low', netWorth: 60000, cover: 5000 });
    expect(d).toMatchObject({ outcome: 'escalate', approvalLevel: 'director', creditLimit: { gross: 35000, unsecured: 30000 } });
    expect(d.variables.authorityAmount).toBe(40000);
    expect(codes(d)).toEqual(expect.arrayContaining(['BIG', 'ABOVE']));
  });

  it('lets an escalation beat an accept', () => {
    // 30,000 + cover 15,000 = 45,000 ≥ 41,000 → approval accepts; "big" (41,000 > 40,000) escalates to manager.
    const d = compiled.evaluate({ amount: 41000, years: 12, sector: 'low', netWorth: 60000, cover: 15000 });
    expect(d.variables.approvalOutcome).toBe('accept');
    expect(d).toMatchObject({ outcome: 'escalate', approvalLevel: 'manager' });
  });

  it('lets a refusal beat an escalation, whatever the node order', () => {
    const d = compiled.evaluate({ amount: 45000, years: 12, sector: 'low', netWorth: 60000, insolvent: true });
    expect(d.outcome).toBe('refuse');
    expect(d.approvalLevel).toBeNull();
    expect(codes(d)).toEqual(expect.arrayContaining(['KO', 'BIG', 'INSOLVENCY', 'CLASS_C']));
  });

  it('refuses with NO_AUTHORITY when no level covers the amount', () => {
    // Director capped at 100,000; authority 200,000 → nobody may approve.
    const d = compilePolicy(policy({ topCeiling: 100000 })).evaluate({ amount: 200000, years: 12, sector: 'low', netWorth: 60000 });
    expect(d.outcome).toBe('refuse');
    expect(d.variables.approvalOutcome).toBe('refuse');
    expect(d.reasons.find((r) => r.code === 'NO_AUTHORITY')?.message).toBe('No delegation level may approve 200,000');
  });

  it.each([
    // 0.5 × 50,500 = 25,250 → down 25,000, nearest 25,000, up 26,000; 0.5 × 51,000 = 25,500 → nearest 26,000 (half up)
    ['down', 50500, 25000],
    ['nearest', 50500, 25000],
    ['up', 50500, 26000],
    ['nearest', 51000, 26000],
    ['down', 51000, 25000],
  ] as const)('rounds the limit %s: net worth %i → %i', (mode, netWorth, gross) => {
    const d = compilePolicy(policy({ roundingMode: mode })).evaluate({ amount: 1, years: 12, sector: 'low', netWorth });
    expect(d.creditLimit?.gross).toBe(gross);
  });

  it('caps the limit at the ceiling and never goes below the floor', () => {
    // A: min(0.5 × 1,000,000, 30,000) = 30,000 + cover 40,000 = 70,000 → ceiling 50,000.
    expect(compiled.evaluate({ amount: 1, years: 12, sector: 'low', netWorth: 1e6, cover: 40000 }).creditLimit?.gross).toBe(50000);
    // A negative net worth gives a negative capacity → floor 0.
    expect(compiled.evaluate({ amount: 1, years: 12, sector: 'low', netWorth: -80000 }).creditLimit).toMatchObject({ gross: 0, unsecured: 0 });
  });

  it('fires every matching rule and sets variables', () => {
    const d = compiled.evaluate({ amount: 500, years: 0.5, sector: 'low', netWorth: 60000 });
    expect(codes(d)).toContain('YOUNG');
    expect(d.variables.youngFlag).toBe(1000);
  });

  it('refuses with NO_OUTCOME when nothing gives an outcome', () => {
    const document = { ...policy(), nodes: [policy().nodes[0], { id: 'd', kind: 'decision', config: { variables: ['tenth'] } }], edges: [{ source: 'f', target: 'd' }] } as PolicyDocument;
    const d = compilePolicy(document).evaluate({ amount: 1 });
    expect(d).toMatchObject({ outcome: 'refuse', score: null, riskClass: null, creditLimit: null, collectionScenario: null, variables: { tenth: 0.3 } });
    expect(Object.keys(d.variables)).toEqual(['tenth']);
    expect(codes(d)).toEqual(['NO_OUTCOME']);
    expect(validDecision(d)).toBe(true);
  });

  it('returns a trace only when asked, with inputs, outputs and matches per node', () => {
    const facts = { amount: 8000, years: 12, sector: 'low', netWorth: 60000 } as Facts;
    const plain = compiled.evaluate(facts);
    expect(plain.trace).toBeUndefined();
    const traced = compiled.evaluate(facts, { trace: true });
    expect(validDecision(traced)).toBe(true);
    const { trace, ...rest } = traced;
    expect(rest).toEqual(plain);
    const byNode = Object.fromEntries(trace!.map((t) => [t.nodeId, t]));
    expect(trace!.map((t) => t.nodeId).sort()).toEqual(['ap', 'cl', 'co', 'd', 'f', 'ko', 'rc', 'sc']);
    expect(byNode.sc.matched).toEqual(['years:2', 'sector:0']);
    expect(byNode.sc.inputs).toEqual({ years: 12, sector: 'low' });
    expect(byNode.sc.outputs).toEqual({ score: 100 });
    expect(byNode.rc.matched).toEqual(['A']);
    expect(byNode.cl.matched).toEqual(['worth']);
    expect(byNode.ap.matched).toEqual(['within']);
    expect(byNode.ap.inputs).toMatchObject({ amount: 8000, creditLimit: 30000, riskClass: 'A' });
    expect(byNode.co.matched).toEqual(['std']);
    expect(byNode.f.outputs).toEqual({ thirdWorth: 20000, tenth: 0.3, tenthTwice: 0.6 });
  });

  it('is deterministic', () => {
    const facts = { amount: 45000, years: 2, sector: 'high', netWorth: 12345, cover: 999, incidents: 4 } as Facts;
    expect(compilePolicy(policy()).evaluate(facts)).toEqual(compiled.evaluate(facts));
    expect(compiled.evaluate(facts)).toEqual(compiled.evaluate(facts));
  });

  it('never throws on facts valid under the facts schema, and always returns a valid decision', () => {
    const document = policy();
    const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
    const facts = fc.record({
      amount: fc.double({ min: 0, max: 1e9, noNaN: true }),
      years: maybe(fc.double({ min: 0, max: 200, noNaN: true })),
      sector: maybe(fc.constantFrom('low', 'high')),
      insolvent: maybe(fc.boolean()),
      netWorth: maybe(fc.double({ min: -1e12, max: 1e12, noNaN: true })),
      cover: maybe(fc.double({ min: 0, max: 1e9, noNaN: true })),
      incidents: maybe(fc.integer({ min: 0, max: 50 })),
    }, { requiredKeys: ['amount'] });
    fc.assert(
      fc.property(facts, fc.boolean(), (raw, trace) => {
        const checked = checkFacts(document, raw);
        expect(checked.ok).toBe(true);
        if (!checked.ok) return;
        const d = compiled.evaluate(checked.facts, { trace });
        expect(validDecision(d), JSON.stringify(validDecision.errors)).toBe(true);
        expect(JSON.parse(JSON.stringify(d))).toEqual(d);
      }),
      { numRuns: 300 },
    );
  });
});

describe('compilePolicy: what it cannot compile', () => {
  const withFormula = (expression: string) => {
    const doc = policy();
    (doc.nodes[0] as { config: { variables: { name: string; expression: string }[] } }).config.variables[0].expression = expression;
    return doc;
  };
  const diagnostics = (doc: PolicyDocument) => {
    try {
      compilePolicy(doc);
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyInvalidError);
      return (error as PolicyInvalidError).diagnostics;
    }
    throw new Error('expected PolicyInvalidError');
  };

  it('reports expression errors with their path and position', () => {
    const [d] = diagnostics(withFormula('netWorth.constructor'));
    expect(d).toMatchObject({ code: 'EXPRESSION_SYNTAX', severity: 'error', nodeId: 'f', path: '/nodes/0/config/variables/0/expression' });
    expect(d.message).toContain('at character 8');
  });

  it('reports an expression nested too deep with a coded diagnostic (issue #13, row 12)', () => {
    const [d] = diagnostics(withFormula('-'.repeat(1999) + '1'));
    expect(d).toMatchObject({ code: 'EXPRESSION_TOO_DEEP', nodeId: 'f', path: '/nodes/0/config/variables/0/expression' });
    expect(d.message).not.toMatch(/call stack/i);
  });

  it('reports unknown names and names not upstream', () => {
    expect(diagnostics(withFormula('nope * 2'))[0]).toMatchObject({ code: 'UNKNOWN_NAME', nodeId: 'f' });
    expect(diagnostics(withFormula('creditLimit * 2'))[0]).toMatchObject({ code: 'NAME_NOT_UPSTREAM', nodeId: 'f' });
  });

  it('reports cycles', () => {
    const doc = policy();
    doc.edges.push({ source: 'ap', target: 'f' });
    expect(diagnostics(doc)[0].code).toBe('GRAPH_CYCLE');
  });

  it('reports an unknown shared condition', () => {
    const doc = policy();
    doc.conditions = {};
    expect(diagnostics(doc).map((d) => d.code)).toContain('UNKNOWN_CONDITION');
  });
});
