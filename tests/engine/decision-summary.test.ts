/**
 * The simulation's summary variant (`CompiledPolicy.summarize`) against its definition: on every
 * reference and example policy and on random policies and facts, `summarize(facts)` equals
 * `summaryOf(evaluate(facts))` — the outcome, level, score, class, limits and scenario that impact
 * analysis aggregates. Random policies are the property suite's, given a credit limit (class
 * parameters, cover, floor, ceiling, step rounding) and a collection node (by class, an override,
 * late-payment charges) so every field of the summary is exercised. Seeded: FC_SEED replays a run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFacts, compilePolicy, summaryOf, type PolicyDocument } from '../../engine/index.js';
import { factsFor, policyDocumentArb } from '../property/arbitraries.js';
import { seeded } from '../property/fast-check-seed.js';
import { ROOT } from '../reliability/support/server-process.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);
const FILE = 'tests/engine/decision-summary.test.ts';
const rulesetFiles = [
  ...readdirSync(path.join(ROOT, 'rulesets')).filter((f) => f.endsWith('.json')).map((f) => path.join(ROOT, 'rulesets', f)),
  ...readdirSync(path.join(ROOT, 'rulesets', 'examples')).filter((f) => f.endsWith('.json')).map((f) => path.join(ROOT, 'rulesets', 'examples', f)),
];
const REFERENCE = rulesetFiles.map((file) => ({ id: path.basename(file, '.json'), document: JSON.parse(readFileSync(file, 'utf8')) as PolicyDocument }));

function agrees(compiled: ReturnType<typeof compilePolicy>, facts: Record<string, unknown>): void {
  const checked = checkFacts(compiled, facts);
  if (!checked.ok) return; // a simulation only decides checked rows
  const full = summaryOf(compiled.evaluate(checked.facts));
  // toStrictEqual tells -0 from 0 and null from undefined.
  expect(compiled.summarize(checked.facts), JSON.stringify(checked.facts)).toStrictEqual(full);
  expect(compiled.summarizer()(checked.facts)).toStrictEqual(full);
}

describe.each(REFERENCE)('summary of $id', ({ document }) => {
  const compiled = compilePolicy(document);

  it('equals the full decision projected, on its golden cases', () => {
    const tests = (document as { tests?: { facts: Record<string, unknown> }[] }).tests ?? [];
    expect(tests.length).toBeGreaterThan(0);
    for (const test of tests) agrees(compiled, test.facts);
  });

  it('equals the full decision projected, on random facts', () => {
    fc.assert(
      fc.property(factsFor(document), (facts) => agrees(compiled, facts)),
      seeded(FILE, { numRuns: RUNS }),
    );
  });
});

/** A random policy with a credit limit and a collection node wired after its risk class. */
const richPolicyArb = fc
  .tuple(
    policyDocumentArb,
    fc.record({
      shares: fc.array(fc.constantFrom(0, 0.05, 0.1, 0.35, 1), { minLength: 4, maxLength: 4 }),
      floor: fc.option(fc.integer({ min: 0, max: 5_000 }), { nil: undefined }),
      ceiling: fc.option(fc.integer({ min: 10_000, max: 2_000_000 }), { nil: undefined }),
      rounding: fc.option(fc.record({ step: fc.constantFrom(1, 100, 500), mode: fc.constantFrom('down', 'nearest', 'up') }), { nil: undefined }),
      addCover: fc.boolean(),
      late: fc.constantFrom('none', 'fixed', 'expression'),
      overrideAbove: fc.integer({ min: -100, max: 1_000_000 }),
    }),
  )
  .map(([base, g]) => {
    const doc = structuredClone(base) as unknown as { nodes: Record<string, unknown>[]; edges: Record<string, unknown>[]; inputs: { name: string }[] };
    const numbers = doc.inputs.filter((i) => /^x\d$/.test(i.name)).map((i) => i.name);
    const last = numbers[numbers.length - 1]!;
    doc.nodes.splice(doc.nodes.length - 1, 0,
      {
        id: 'cl',
        kind: 'creditLimit',
        config: {
          riskClass: 'riskClass',
          classParameters: Object.fromEntries(['A', 'B', 'C', 'D'].map((c, i) => [c, { share: g.shares[i] }])),
          capacities: [
            { id: 'first', expression: `share * ${numbers[0]}` },
            { id: 'last', expression: `${last} * 0.5` },
          ],
          insurerCover: `${last} * 0.1`,
          addInsurerCover: g.addCover,
          guarantees: `${numbers[0]} * 0.01`,
          ...(g.floor !== undefined ? { floor: g.floor } : {}),
          ...(g.ceiling !== undefined ? { ceiling: g.ceiling } : {}),
          ...(g.rounding !== undefined ? { rounding: g.rounding } : {}),
        },
      },
      {
        id: 'co',
        kind: 'collection',
        config: {
          riskClass: 'riskClass',
          scenarios: [
            { id: 'soft', steps: [{ day: -5, action: 'email' }, { day: 10, action: 'call' }] },
            { id: 'firm', steps: [{ day: 3, action: 'email' }, { day: 30, action: 'penalties' }] },
            { id: 'watch', steps: [{ day: 1, action: 'call' }] },
          ],
          byClass: { A: 'soft', B: 'soft', C: 'firm' },
          ...(g.overrideAbove % 3 === 0 ? {} : { default: 'watch' }),
          overrides: [{ id: 'big', when: { all: [{ fact: numbers[0], operator: 'greaterThan', value: g.overrideAbove }] }, scenario: 'watch', reason: { code: 'BIG', message: 'Large: {x0}' } }],
          ...(g.late === 'fixed' ? { latePayment: { annualRate: 0.1215, fixedIndemnity: 40, invoiceAmount: numbers[0] } } : {}),
          ...(g.late === 'expression' ? { latePayment: { annualRate: `${last} / 1000000`, invoiceAmount: numbers[0] } } : {}),
        },
      },
    );
    doc.edges.push(
      { id: 'rc-cl', source: 'rc', target: 'cl' },
      { id: 'rc-co', source: 'rc', target: 'co' },
      { id: 'cl-d', source: 'cl', target: 'd' },
      { id: 'co-d', source: 'co', target: 'd' },
    );
    return doc as unknown as PolicyDocument;
  });

describe('summary of random policies', () => {
  it('compiles whenever the full function compiles, and equals the full decision projected on random facts', () => {
    let compiledCount = 0;
    fc.assert(
      fc.property(
        richPolicyArb.chain((document) => fc.tuple(fc.constant(document), fc.array(factsFor(document), { minLength: 1, maxLength: 8 }))),
        ([document, factsList]) => {
          const compiled = compilePolicy(document);
          compiledCount++;
          for (const facts of factsList) agrees(compiled, facts);
        },
      ),
      seeded(FILE, { numRuns: Math.ceil(RUNS / 2) }),
    );
    expect(compiledCount).toBeGreaterThan(0);
  });
});
