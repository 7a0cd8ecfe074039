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

type Facts = Record<string, unknown>;

function compiled(condition: Condition, shared: Record<string, Condition>): (facts: Facts) => boolean {
  const js = conditionToJs(condition, (name) => `f[${JSON.stringify(name)}]`, shared);
  const fn = new Function('$C', 'f', `${conditionRuntimeBindings('$C')} return ${js};`);
  return (facts) => fn(CONDITION_RUNTIME, facts);
}

/** json-rules-engine wants a boolean operator or a reference at the root of rules and shared conditions. */
const rooted = (c: Condition): Condition => ('fact' in c ? { all: [c] } : c);

/** One fresh Engine per evaluation (concurrent runs on one Engine are buggy, see stack-notes). */
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
const factValue = fc.oneof(scalar, fc.constant(undefined));
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
      { numRuns: 400 },
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
        { numRuns: 60 },
      );
    }
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
