/**
 * Differential test: compiled conditions against json-rules-engine 7.3.1 itself, on random
 * conditions and facts (fast-check), and on every condition of the reference rulesets.
 * Where json-rules-engine throws (`in` against a number…), ours is documented to be false; such
 * samples are counted, not compared.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Engine } from 'json-rules-engine';
import { describe, expect, it } from 'vitest';
import { conditionToJs } from '../../engine/conditions/condition-to-js.js';
import { CONDITION_RUNTIME, conditionRuntimeBindings } from '../../engine/conditions/condition-runtime.js';
import { OPERATORS, type Condition, type PolicyDocument } from '../../engine/model/policy-schema.js';
import { checkFacts } from '../../engine/facts/check-facts.js';
import { compilePolicy } from '../../engine/compile/compile-policy.js';
import { seeded } from '../property/fast-check-seed.js';

type Facts = Record<string, unknown>;

function compiled(condition: Condition, shared: Record<string, Condition>): (facts: Facts) => boolean {
  const js = conditionToJs(condition, (name) => `f[${JSON.stringify(name)}]`, shared);
  const fn = new Function('$C', 'f', `${conditionRuntimeBindings('$C')} return ${js};`);
  return (facts) => fn(CONDITION_RUNTIME, facts);
}

/** json-rules-engine wants a boolean operator or a reference at the root of rules and shared conditions. */
const rooted = (c: Condition): Condition => ('fact' in c ? { all: [c] } : c);

/**
 * One fresh Engine per evaluation (concurrent runs on one Engine are buggy, see stack-notes).
 * A fact left out is not given to json-rules-engine; one sent as null is given as null.
 */
async function reference(condition: Condition, shared: Record<string, Condition>, facts: Facts): Promise<boolean | 'throws'> {
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const [name, c] of Object.entries(shared)) engine.setCondition(name, rooted(c) as never);
  engine.addRule({ conditions: rooted(condition) as never, event: { type: 'matched' } });
  const present = Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined));
  try {
    const { events } = await engine.run(present);
    return events.length === 1;
  } catch {
    return 'throws';
  }
}

const FACT_NAMES = ['a', 'b', 'c'];
const scalar = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 2.5, -3.75, 10, 100, 0.1, 1e6),
  fc.integer({ min: -20, max: 20 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom('', 'a', 'b', 'ab', '1', '12', '2.5', 'abc', ' 3', 'x1'),
  fc.boolean(),
);
const factValue = fc.oneof(scalar, fc.constant(null), fc.constant(undefined));
const factsArb = fc.record(Object.fromEntries(FACT_NAMES.map((n) => [n, factValue])) as Record<string, fc.Arbitrary<unknown>>);

const SHARED_NAMES = ['s1', 's2'];
const leafArb: fc.Arbitrary<Condition> = fc.record({
  fact: fc.constantFrom(...FACT_NAMES),
  operator: fc.constantFrom(...OPERATORS),
  value: fc.oneof(
    scalar,
    fc.constant(null),
    fc.array(fc.oneof(scalar, fc.constant(null)), { maxLength: 4 }),
    fc.record({ fact: fc.constantFrom(...FACT_NAMES) }),
  ),
}) as fc.Arbitrary<Condition>;

const conditionArb = (withRefs: boolean): fc.Arbitrary<Condition> =>
  fc.letrec<{ node: Condition }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leafArb,
      fc.record({ all: fc.array(tie('node'), { maxLength: 3 }) }),
      fc.record({ any: fc.array(tie('node'), { maxLength: 3 }) }),
      fc.record({ not: tie('node') }),
      ...(withRefs ? [fc.record({ condition: fc.constantFrom(...SHARED_NAMES) })] : []),
    ) as fc.Arbitrary<Condition>,
  })).node;

describe('compiled conditions agree with json-rules-engine', () => {
  it('on random conditions, shared conditions and facts', async () => {
    let compared = 0;
    let throwing = 0;
    await fc.assert(
      fc.asyncProperty(
        conditionArb(true),
        conditionArb(false),
        conditionArb(false),
        fc.array(factsArb, { minLength: 1, maxLength: 4 }),
        async (condition, s1, s2, factSets) => {
          const shared = { s1, s2 };
          const ours = compiled(condition, shared);
          for (const facts of factSets) {
            const expected = await reference(condition, shared, facts);
            if (expected === 'throws') {
              throwing++;
              continue;
            }
            compared++;
            expect(ours(facts), JSON.stringify({ condition, shared, facts })).toBe(expected);
          }
        },
      ),
      seeded('differential', { numRuns: 400 }),
    );
    expect(compared).toBeGreaterThan(500);
    expect(throwing).toBeLessThan(compared);
  });

  const rulesetDir = join(__dirname, '../../rulesets');
  const rulesets = readdirSync(rulesetDir).filter((f) => f.endsWith('.json'));
  it.each(rulesets)('on every condition of rulesets/%s', async (file) => {
    const document = JSON.parse(readFileSync(join(rulesetDir, file), 'utf8')) as PolicyDocument;
    const shared = document.conditions ?? {};
    const conditions = collectConditions(document);
    expect(conditions.length).toBeGreaterThan(0);
    const names = new Set<string>();
    const literals = new Map<string, unknown[]>();
    const visit = (c: Condition): void => {
      if ('all' in c) c.all.forEach(visit);
      else if ('any' in c) c.any.forEach(visit);
      else if ('not' in c) visit(c.not);
      else if ('condition' in c) visit(shared[c.condition]);
      else {
        names.add(c.fact);
        const list = literals.get(c.fact) ?? [];
        if (c.value !== null && typeof c.value === 'object' && !Array.isArray(c.value)) names.add(c.value.fact);
        else if (Array.isArray(c.value)) list.push(...c.value);
        else list.push(c.value);
        literals.set(c.fact, list);
      }
    };
    conditions.forEach(visit);
    // Facts near the thresholds the policy uses, of the declared types, sometimes missing.
    const arbitraries: Record<string, fc.Arbitrary<unknown>> = {};
    for (const name of names) {
      const input = document.inputs.find((i) => i.name === name);
      const seen = (literals.get(name) ?? []).filter((v) => v !== null);
      const nearby = seen.flatMap((v) => (typeof v === 'number' ? [v, v - 1, v + 1, v - 0.01, v + 0.01] : [v]));
      const typed = input?.type === 'enum' ? fc.constantFrom(...(input.values ?? ['x']))
        : input?.type === 'boolean' ? fc.boolean()
        : input?.type === 'string' ? fc.string({ maxLength: 4 })
        : fc.double({ min: -1e6, max: 1e7, noNaN: true, noDefaultInfinity: true });
      arbitraries[name] = fc.oneof(typed, ...(nearby.length > 0 ? [fc.constantFrom(...nearby)] : []), fc.constant(undefined));
    }
    const factsOfPolicy = fc.record(arbitraries);
    for (const condition of conditions) {
      const ours = compiled(condition, shared);
      await fc.assert(
        fc.asyncProperty(factsOfPolicy, async (facts) => {
          const expected = await reference(condition, shared, facts);
          if (expected !== 'throws') expect(ours(facts), JSON.stringify({ condition, facts })).toBe(expected);
        }),
        seeded('differential', { numRuns: 60 }),
      );
    }
  });
});

/**
 * The whole decision path: facts of every type the format accepts (number, integer, string,
 * boolean, enum; optional ones also null or left out) go through checkFacts and then the compiled
 * policy, whose one rule fires on the random condition; json-rules-engine gets the same facts.
 */
describe('decisions agree with json-rules-engine through checkFacts and the compiled policy', () => {
  const INPUTS = [
    { name: 'amount', type: 'number', required: true },
    { name: 'n', type: 'number', required: false },
    { name: 'i', type: 'integer', required: false },
    { name: 's', type: 'string', required: false },
    { name: 'b', type: 'boolean', required: false },
    { name: 'e', type: 'enum', values: ['a', 'b', 'ab', '1', 'null'], required: false },
    // Names Object.prototype also has: read as own facts only.
    { name: 'isPrototypeOf', type: 'number', required: false },
    { name: 'toLocaleString', type: 'string', required: false },
  ] as const;
  const NAMES = INPUTS.map((i) => i.name);
  const number = fc.oneof(fc.constantFrom(0, -0, 1, -1, 2.5, 10, 100, 1e6), fc.integer({ min: -20, max: 20 }), fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }));
  const text = fc.constantFrom('', 'a', 'b', 'ab', '1', '12', '2.5', 'abc', ' 3', 'x1', 'null', '2024-01-15', '2023-12-31');
  const typed: Record<string, fc.Arbitrary<unknown>> = {
    number, integer: fc.integer({ min: -20, max: 20 }), string: text, boolean: fc.boolean(), enum: fc.constantFrom('a', 'b', 'ab', '1', 'null'),
  };
  const factsOf = fc.record(Object.fromEntries(INPUTS.map((input) => [
    input.name,
    input.required ? typed[input.type]! : fc.oneof(typed[input.type]!, fc.constant(null), fc.constant(undefined)),
  ])) as Record<string, fc.Arbitrary<unknown>>);
  const anyScalar = fc.oneof(number, text, fc.boolean(), fc.constant(null));
  const leaf: fc.Arbitrary<Condition> = fc.record({
    fact: fc.constantFrom(...NAMES),
    operator: fc.constantFrom(...OPERATORS),
    value: fc.oneof(anyScalar, fc.array(anyScalar, { maxLength: 4 }), fc.record({ fact: fc.constantFrom(...NAMES) })),
  }) as fc.Arbitrary<Condition>;
  const condition: fc.Arbitrary<Condition> = fc.letrec<{ node: Condition }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.record({ all: fc.array(tie('node'), { maxLength: 3 }) }),
      fc.record({ any: fc.array(tie('node'), { maxLength: 3 }) }),
      fc.record({ not: tie('node') }),
      fc.record({ condition: fc.constant('shared') }),
    ) as fc.Arbitrary<Condition>,
  })).node;
  const sharedLeaf = fc.oneof(leaf, fc.record({ any: fc.array(leaf, { maxLength: 3 }) }) as fc.Arbitrary<Condition>);

  const policyWith = (when: Condition, shared: Condition) => ({
    schemaVersion: 1, id: 'differential', name: 'Differential', currency: 'EUR',
    inputs: INPUTS.map((i) => ({ ...i })),
    conditions: { shared },
    nodes: [
      { id: 'rules', kind: 'rules', config: { rules: [{ id: 'm', when, actions: [{ type: 'outcome', outcome: 'accept', reason: { code: 'MATCHED', message: 'matched' } }] }] } },
      { id: 'decision', kind: 'decision', config: {} },
    ],
    edges: [{ source: 'rules', target: 'decision' }],
    tests: [],
  }) as unknown as PolicyDocument;

  it('on random conditions and facts, null and left-out facts included', async () => {
    let compared = 0;
    let nulls = 0;
    await fc.assert(
      fc.asyncProperty(condition, sharedLeaf, fc.array(factsOf, { minLength: 1, maxLength: 4 }), async (when, shared, factSets) => {
        const compiled = compilePolicy(policyWith(when, shared));
        for (const facts of factSets) {
          const sent = JSON.parse(JSON.stringify(facts)) as Facts; // what a caller can send: undefined becomes absent
          const checked = checkFacts(compiled, sent);
          expect(checked.ok, JSON.stringify(checked)).toBe(true);
          if (!checked.ok) return;
          const expected = await reference(when, { shared }, sent);
          if (expected === 'throws') continue;
          compared++;
          if (Object.values(sent).includes(null)) nulls++;
          const decision = compiled.evaluate(checked.facts);
          expect(decision.outcome === 'accept', JSON.stringify({ when, shared, sent })).toBe(expected);
        }
      }),
      seeded('differential', { numRuns: 300 }),
    );
    expect(compared).toBeGreaterThan(400);
    expect(nulls).toBeGreaterThan(100);
  }, 120_000);

  it.each([
    ['equal null', { fact: 'n', operator: 'equal', value: null }, { amount: 1, n: null }, true],
    ['equal null, left out', { fact: 'n', operator: 'equal', value: null }, { amount: 1 }, false],
    ['notEqual null', { fact: 'n', operator: 'notEqual', value: null }, { amount: 1, n: null }, false],
    ['in [null, 1]', { fact: 's', operator: 'in', value: [null, 'a'] }, { amount: 1, s: null }, true],
    ['notIn [null]', { fact: 'b', operator: 'notIn', value: [null] }, { amount: 1, b: null }, false],
    ['notIn [null], left out', { fact: 'b', operator: 'notIn', value: [null] }, { amount: 1 }, true],
    ['{fact} both null', { fact: 'n', operator: 'equal', value: { fact: 'i' } }, { amount: 1, n: null, i: null }, true],
    ['{fact} null vs left out', { fact: 'n', operator: 'equal', value: { fact: 'i' } }, { amount: 1, n: null }, false],
    ['numeric string', { fact: 's', operator: 'greaterThan', value: 2 }, { amount: 1, s: '12' }, true],
    ['ISO dates', { fact: 's', operator: 'greaterThan', value: '2023-12-31' }, { amount: 1, s: '2024-01-15' }, true],
    ['inherited name left out', { fact: 'isPrototypeOf', operator: 'equal', value: null }, { amount: 1 }, false],
    ['inherited name null', { fact: 'isPrototypeOf', operator: 'equal', value: null }, { amount: 1, isPrototypeOf: null }, true],
  ] as [string, Condition, Facts, boolean][])('%s: as json-rules-engine', async (_name, when, facts, expected) => {
    const compiled = compilePolicy(policyWith({ all: [when] }, { all: [] }));
    const checked = checkFacts(compiled, facts);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(await reference({ all: [when] }, {}, facts)).toBe(expected);
    expect(compiled.evaluate(checked.facts).outcome === 'accept').toBe(expected);
  });
});

function collectConditions(document: PolicyDocument): Condition[] {
  const found: Condition[] = [];
  for (const node of document.nodes) {
    switch (node.kind) {
      case 'rules':
        node.config.rules.forEach((r) => found.push(r.when));
        break;
      case 'riskClass':
        (node.config.overrides ?? []).forEach((o) => found.push(o.when));
        break;
      case 'approval':
        node.config.rules.forEach((r) => found.push(r.when));
        break;
      case 'collection':
        (node.config.overrides ?? []).forEach((o) => found.push(o.when));
        break;
      default:
        break;
    }
  }
  return found;
}
