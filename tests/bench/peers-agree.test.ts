/**
 * The benchmark's peers must implement the same policy, or their timings mean nothing: on 300
 * generated customers and the policy's golden cases, the hand-written function, the
 * json-rules-engine translation and the zen-engine JDM graph decide exactly what creditgraph does.
 * Behaviour only: no timings here.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePolicy, type Facts, type PolicyDocument } from '../../engine/index.js';
import { comparable, difference, type ComparableDecision } from '../../bench/lib/agree.js';
import { benchFacts } from '../../bench/lib/customers.js';
import { decideB2bStandard, type PeerDecision } from '../../bench/peers/hand-written-b2b-standard.js';
import { createJsonRulesEnginePolicy } from '../../bench/peers/json-rules-engine-policy.js';
import { createZenPolicy, type ZenPolicy } from '../../bench/peers/zen-policy.js';

const policy = JSON.parse(readFileSync(new URL('../../rulesets/b2b-standard.json', import.meta.url), 'utf8')) as PolicyDocument;
const compiled = compilePolicy(policy);
const customers: Facts[] = [...(policy.tests ?? []).map((t) => t.facts), ...benchFacts(policy, 300, 7)];

const view = (d: PeerDecision): ComparableDecision => ({
  outcome: d.outcome,
  riskClass: d.riskClass,
  creditLimit: d.creditLimit,
  approvalLevel: d.approvalLevel,
  collectionScenario: d.collectionScenario,
});

/** Every disagreement, as "#i field: expected …, got …" (empty when all agree). */
async function disagreements(decide: (f: Facts) => PeerDecision | Promise<PeerDecision>): Promise<string[]> {
  const found: string[] = [];
  for (let i = 0; i < customers.length; i++) {
    const expected = compiled.evaluate(customers[i]);
    const actual = await decide(customers[i]); // one at a time: json-rules-engine issue #303
    const diff = difference(comparable(expected), view(actual));
    if (diff) found.push(`#${i} ${diff}`);
    else if (actual.score !== expected.score && Math.abs((actual.score ?? NaN) - (expected.score ?? NaN)) > 0.005) found.push(`#${i} score: expected ${expected.score}, got ${actual.score}`);
  }
  return found;
}

describe('benchmark peers decide like creditgraph (b2b-standard)', () => {
  let zen: ZenPolicy;
  beforeAll(async () => {
    zen = await createZenPolicy(policy);
  });
  afterAll(() => zen?.dispose());

  it('covers every outcome, class and scenario, and several levels', () => {
    const decisions = customers.map((f) => compiled.evaluate(f));
    expect(new Set(decisions.map((d) => d.outcome))).toEqual(new Set(['accept', 'refuse', 'escalate']));
    expect(new Set(decisions.map((d) => d.riskClass))).toEqual(new Set(['A', 'B', 'C', 'D', 'E']));
    expect(new Set(decisions.map((d) => d.collectionScenario?.id))).toEqual(new Set(['standard', 'risky', 'keyAccounts']));
    expect(new Set(decisions.map((d) => d.approvalLevel)).size).toBeGreaterThanOrEqual(5);
  });

  it('the hand-written function agrees', async () => {
    expect(await disagreements(decideB2bStandard)).toEqual([]);
  });

  it('the json-rules-engine translation agrees', async () => {
    const jre = createJsonRulesEnginePolicy(policy);
    expect(await disagreements((f) => jre.decide(f))).toEqual([]);
  });

  it('the zen-engine JDM graph agrees', async () => {
    expect(await disagreements((f) => zen.decide(f))).toEqual([]);
  });

  it('a peer that differs is caught', async () => {
    // The check itself must be able to fail: a hand-written variant with class B's turnover share at 6%.
    const wrong = (f: Facts) => {
      const d = decideB2bStandard(f);
      return d.riskClass === 'B' && d.outcome === 'accept' ? { ...d, creditLimit: d.creditLimit + 500 } : d;
    };
    expect((await disagreements(wrong)).length).toBeGreaterThan(0);
  });
});

describe('the full-output hand-written floor returns the very decision (b2b-standard)', () => {
  it('gives byte-identical JSON on the golden cases and the generated customers', async () => {
    const { createFullB2bStandard } = await import('../../bench/peers/hand-written-b2b-standard-full.js');
    const decideFull = createFullB2bStandard(policy);
    const outcomes = new Set<string>();
    for (const facts of customers) {
      const expected = compiled.evaluate(facts);
      outcomes.add(expected.outcome);
      expect(JSON.stringify(decideFull(facts))).toBe(JSON.stringify(expected));
    }
    expect(outcomes).toEqual(new Set(['accept', 'refuse', 'escalate']));
  });
});
