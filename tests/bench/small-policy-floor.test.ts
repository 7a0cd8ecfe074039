/**
 * The small policy's hand-written floor (bench/peers/hand-written-springate.ts) returns the very
 * decision the compiled Springate policy returns — same JSON, byte for byte, reason texts and
 * variables included — on generated firms (sound and failing), the policy's golden cases and a
 * firm whose S cannot be computed; the score-only form gives the same S and zone.
 * Behaviour only: no timings here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compilePolicy, type Facts, type PolicyDocument } from '../../engine/index.js';
import { springateFacts } from '../../bench/lib/springate-customers.js';
import { springateFullDecision, springateScoreAndZone } from '../../bench/peers/hand-written-springate.js';

const policy = JSON.parse(readFileSync(new URL('../../rulesets/examples/springate.json', import.meta.url), 'utf8')) as PolicyDocument;
const compiled = compilePolicy(policy);
const firms: Facts[] = [...(policy.tests ?? []).map((t) => t.facts), ...springateFacts(policy, 2000, 7)];

describe('Springate written by hand decides exactly like the compiled policy', () => {
  it('gives byte-identical decisions, both zones seen', () => {
    const zones = new Set<string | null>();
    for (const facts of firms) {
      const expected = compiled.evaluate(facts);
      zones.add(expected.riskClass);
      expect(JSON.stringify(springateFullDecision(facts))).toBe(JSON.stringify(expected));
      const short = springateScoreAndZone(facts);
      expect([short.s, short.zone]).toEqual([expected.variables.s, expected.riskClass]);
    }
    expect(zones).toEqual(new Set(['sound', 'failing']));
  });

  it('agrees when S cannot be computed (an overflowing figure) and on large S texts', () => {
    const overflow = { workingCapital: 1e308, ebit: 1e308, profitBeforeTax: 0, currentLiabilities: 1, sales: 0, totalAssets: 1e-300 };
    expect(JSON.stringify(springateFullDecision(overflow))).toBe(JSON.stringify(compiled.evaluate(overflow)));
    const large = { workingCapital: 0, ebit: 0, profitBeforeTax: 5e9, currentLiabilities: 1, sales: 0, totalAssets: 1 };
    const decision = compiled.evaluate(large);
    expect(decision.reasons[0]!.message).toContain('3,300,000,000.0000');
    expect(JSON.stringify(springateFullDecision(large))).toBe(JSON.stringify(decision));
  });
});
