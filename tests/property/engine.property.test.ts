/**
 * Property-based tests of the engine on the three reference policies (fast-check):
 *  - facts that pass the facts schema never make evaluation throw; the decision is well-formed
 *    JSON (no NaN, no Infinity) and matches the Decision schema;
 *  - evaluation is deterministic (same facts → same decision; traced = untraced);
 *  - invariants: a larger requested amount never gets a better outcome; a better value in any
 *    monotone scorecard criterion never lowers the score; the granted limit is never negative nor
 *    above the ceiling.
 * Compiled vs json-rules-engine agreement is tests/engine/differential.test.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { checkFacts, compilePolicy, Decision, PolicyDocument as PolicySchema, type PolicyDocument } from '../../engine/index.js';
import { ROOT } from '../reliability/support/server-process.js';
import { factsFor, inputValue } from './arbitraries.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);
const load = (id: string) => JSON.parse(readFileSync(path.join(ROOT, 'rulesets', `${id}.json`), 'utf8')) as PolicyDocument;
const POLICIES = ['b2b-standard', 'order-release', 'payment-plan'].map((id) => ({ id, document: load(id), compiled: compilePolicy(load(id)) }));
/** The amount each policy is asked to grant. */
const AMOUNT: Record<string, string> = { 'b2b-standard': 'requestedAmount', 'order-release': 'orderAmount', 'payment-plan': 'planAmount' };

const ajv = new Ajv2020({ allErrors: true, strict: false });
ajv.addSchema(PolicySchema);
const validDecision = ajv.compile(Decision);

type Dec = ReturnType<(typeof POLICIES)[number]['compiled']['evaluate']>;

/** accept < escalate (by level, lowest first) < refuse: larger = worse for the customer. */
function severity(document: PolicyDocument, d: Dec): [number, number] {
  if (d.outcome === 'accept') return [0, 0];
  if (d.outcome === 'refuse') return [2, 0];
  const approval = document.nodes.find((n) => n.kind === 'approval') as unknown as { config: { levels: { id: string }[] } } | undefined;
  const levels = approval?.config.levels.map((l) => l.id) ?? [];
  return [1, d.approvalLevel ? levels.indexOf(d.approvalLevel) : -1];
}
const worseOrEqual = (a: [number, number], b: [number, number]) => a[0] > b[0] || (a[0] === b[0] && a[1] >= b[1]);

describe.each(POLICIES)('$id', ({ id, document, compiled }) => {
  const facts = factsFor(document);

  it('the generator only makes facts the facts schema accepts', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const r = checkFacts(compiled, f);
        expect(r.ok, JSON.stringify(r)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('never throws on valid facts; the decision is finite JSON and matches the Decision schema', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const checked = checkFacts(compiled, f);
        if (!checked.ok) throw new Error('generator made invalid facts');
        const d = compiled.evaluate(checked.facts);
        expect(['accept', 'refuse', 'escalate']).toContain(d.outcome);
        expect(JSON.parse(JSON.stringify(d))).toEqual(d); // no NaN / Infinity / undefined in arrays
        expect(validDecision(JSON.parse(JSON.stringify(d))), JSON.stringify(validDecision.errors)).toBe(true);
        if (typeof d.score === 'number') expect(Number.isFinite(d.score)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('is deterministic: same facts, same decision; traced and plain agree', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const checked = checkFacts(compiled, f);
        if (!checked.ok) throw new Error('generator made invalid facts');
        const a = compiled.evaluate(structuredClone(checked.facts));
        const b = compiled.evaluate(structuredClone(checked.facts));
        expect(b).toStrictEqual(a);
        const { trace: _trace, ...traced } = compiled.evaluate(structuredClone(checked.facts), { trace: true }) as Dec & { trace?: unknown };
        expect(traced).toStrictEqual(a);
        // A fresh compilation of the same document decides the same.
        expect(compilePolicy(structuredClone(document)).evaluate(checked.facts)).toStrictEqual(a);
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });

  it('a larger requested amount never gets a better outcome', () => {
    const field = AMOUNT[id]!;
    const input = document.inputs.find((i) => i.name === field)!;
    fc.assert(
      fc.property(facts, inputValue(input), inputValue(input), (f, x, y) => {
        const [lo, hi] = [x as number, y as number].sort((p, q) => p - q);
        // A plan smaller than its down payment is a wrong request (refused as such), not a smaller one.
        if (id === 'payment-plan') fc.pre(typeof f.downPayment !== 'number' || f.downPayment <= lo);
        const small = compiled.evaluate(checkOk(compiled, { ...f, [field]: lo }));
        const large = compiled.evaluate(checkOk(compiled, { ...f, [field]: hi }));
        expect(
          worseOrEqual(severity(document, large), severity(document, small)),
          `${field} ${lo} → ${small.outcome}/${small.approvalLevel}; ${hi} → ${large.outcome}/${large.approvalLevel}`,
        ).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

function checkOk(compiled: (typeof POLICIES)[number]['compiled'], f: Record<string, unknown>) {
  const r = checkFacts(compiled, f);
  if (!r.ok) throw new Error(`invalid facts: ${JSON.stringify(r.errors)}`);
  return r.facts;
}

describe('b2b-standard: scorecard and limit invariants', () => {
  const { document, compiled } = POLICIES[0]!;
  const facts = factsFor(document);
  const scorecard = document.nodes.find((n) => n.kind === 'scorecard') as unknown as {
    config: { criteria: { id: string; bands: { min?: number; max?: number; values?: unknown[]; points: number }[] }[] };
  };

  /** 'up' when more is better, 'down' when less is better, 'points' for value bands; null if not monotone. */
  const direction = new Map(
    scorecard.config.criteria.map((c) => {
      if (c.bands.some((b) => b.values)) return [c.id, 'points'] as const;
      const pts = [...c.bands].sort((a, b) => (a.min ?? -Infinity) - (b.min ?? -Infinity)).map((b) => b.points);
      if (pts.every((p, i) => i === 0 || p >= pts[i - 1]!)) return [c.id, 'up'] as const;
      if (pts.every((p, i) => i === 0 || p <= pts[i - 1]!)) return [c.id, 'down'] as const;
      return [c.id, null] as const;
    }),
  );

  it('every criterion of the reference scorecard is monotone (so the next property covers them all)', () => {
    expect([...direction.values()].filter((d) => d === null)).toEqual([]);
  });

  it('a better value in one monotone criterion (everything else equal) never lowers the score', () => {
    const inputs = document.inputs;
    let compared = 0;
    const perCriterion = new Map<string, number>();
    fc.assert(
      fc.property(facts, fc.integer({ min: 0, max: inputs.length - 1 }), fc.context(), (f, which, ctx) => {
        const input = inputs[which]!;
        return fc.assert(
          fc.property(inputValue(input), (v) => {
            const a = compiled.evaluate(checkOk(compiled, f));
            const b = compiled.evaluate(checkOk(compiled, { ...f, [input.name]: v }));
            const changed = a.scorecard!.map((ca, i) => [ca, b.scorecard![i]!] as const).filter(([ca, cb]) => ca.value !== cb.value || ca.missing !== cb.missing);
            if (changed.length !== 1) return;
            const [ca, cb] = changed[0]!;
            if (ca.missing || cb.missing) return;
            const dir = direction.get(ca.id);
            let better: boolean | null = null;
            if (dir === 'up') better = (cb.value as number) > (ca.value as number);
            else if (dir === 'down') better = (cb.value as number) < (ca.value as number);
            else if (dir === 'points') better = cb.points > ca.points;
            if (!better) return;
            compared++;
            perCriterion.set(ca.id, (perCriterion.get(ca.id) ?? 0) + 1);
            ctx.log(`${ca.id}: ${String(ca.value)} → ${String(cb.value)}`);
            expect(b.score!, `${ca.id} ${String(ca.value)} → ${String(cb.value)}: score ${a.score} → ${b.score}`).toBeGreaterThanOrEqual(a.score!);
            expect(cb.points).toBeGreaterThanOrEqual(ca.points);
          }),
          { numRuns: 5 },
        );
      }),
      { numRuns: RUNS },
    );
    // The property only means something if it was exercised on most criteria.
    expect(compared).toBeGreaterThan(RUNS / 4);
    expect(perCriterion.size, JSON.stringify([...perCriterion])).toBeGreaterThanOrEqual(scorecard.config.criteria.length - 2);
  });

  it('the granted limit is never negative nor above the ceiling; unsecured ≤ gross', () => {
    const limit = document.nodes.find((n) => n.kind === 'creditLimit') as unknown as { config: { ceiling: number; floor?: number } };
    const { ceiling } = limit.config;
    fc.assert(
      fc.property(facts, (f) => {
        const d = compiled.evaluate(checkOk(compiled, f));
        const cl = d.creditLimit!;
        expect(cl.gross).toBeGreaterThanOrEqual(Math.max(0, limit.config.floor ?? 0));
        expect(cl.gross).toBeLessThanOrEqual(ceiling);
        expect(cl.unsecured).toBeGreaterThanOrEqual(0);
        expect(cl.unsecured).toBeLessThanOrEqual(cl.gross);
        if (d.outcome === 'accept') expect(f.requestedAmount as number).toBeLessThanOrEqual(cl.gross);
      }),
      { numRuns: RUNS },
    );
  });
});
