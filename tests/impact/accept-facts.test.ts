/**
 * The portfolio's fast acceptance of a row never accepts what `checkFacts` refuses, and leaves the
 * facts exactly as `checkFacts` would normalise them; it accepts the ordinary good row. Random
 * facts (wrong types, out of range, -0, NaN, missing required, unknown keys); the seed is printed
 * and can be given in CG_SEED.
 */
import { describe, expect, it } from 'vitest';
import { checkFacts } from '../../engine/facts/check-facts.js';
import { factsAcceptor } from '../../engine/impact/accept-facts.js';
import type { Facts } from '../../engine/model/policy-schema.js';
import { smallPolicy, withEmployees } from '../support/small-policy.js';

const seed = Number(process.env.CG_SEED ?? Date.now() % 1_000_000);
console.log(`accept-facts seed: ${seed} (set CG_SEED to replay)`);

/** mulberry32: small, seeded. */
function random(s: number): () => number {
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The small policy plus an integer input, so fractions for whole numbers are drawn too.
const policy = withEmployees(smallPolicy());
const accept = factsAcceptor(policy);
const CANDIDATES: unknown[] = [0, -0, 1, 2.5, 50, 100, 101, -1, 1e308, NaN, Infinity, 'retail', 'industry', 'mining', '', true, false, null, undefined];

/** The required inputs only, all valid. */
const REQUIRED: Facts = { yearsInBusiness: 5, sector: 'industry', insolvencyProceedings: false, tangibleNetWorth: 80000, annualTurnover: 700000, requestedAmount: 1000 };

const TYPICAL: Facts = { ...REQUIRED, insurerCover: 5000, employees: 12 };

describe('factsAcceptor', () => {
  it('accepts only what checkFacts accepts, with the same facts', () => {
    const next = random(seed);
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const facts: Record<string, unknown> = {};
      for (const input of policy.inputs) {
        if (next() < 0.15) continue;
        // Half the time the input's typical value: with six required inputs, odd values alone would
        // almost never make a whole row acceptable (≈ 0.7 of 20,000 rows), and the test must see some.
        facts[input.name] = next() < 0.5 ? TYPICAL[input.name] : CANDIDATES[Math.floor(next() * CANDIDATES.length)];
      }
      if (next() < 0.05) facts.unknown = 1;
      const copy = { ...facts };
      const check = checkFacts(policy, copy);
      if (accept(facts as Facts)) {
        accepted++;
        expect(check.ok, JSON.stringify(copy)).toBe(true);
        if (check.ok) expect(Object.is(JSON.stringify(facts), JSON.stringify(check.facts)) && Object.entries(facts).every(([k, v]) => Object.is(v, check.facts[k]))).toBe(true);
      }
    }
    expect(accepted).toBeGreaterThan(50); // about 300 expected: 20,000 × 0.6³ × 0.63 × 0.47² × 0.75 × 0.73 × 0.95
  });

  it('accepts an ordinary good row, and turns -0 into 0 as checkFacts does', () => {
    const facts: Facts = { yearsInBusiness: -0, sector: 'retail', insolvencyProceedings: false, tangibleNetWorth: 80000, annualTurnover: 7e5, requestedAmount: 1000, insurerCover: 0, employees: 12 };
    expect(accept(facts)).toBe(true);
    expect(Object.is(facts.yearsInBusiness, 0)).toBe(true);
    expect(accept(REQUIRED)).toBe(true);
  });

  it('leaves to checkFacts a missing required input, a fraction for an integer, an unknown key', () => {
    const { requestedAmount: _left, ...noRequest } = REQUIRED;
    expect(accept(noRequest)).toBe(false);
    expect(accept({ ...REQUIRED, employees: 2.5 })).toBe(false);
    expect(accept({ ...REQUIRED, notes: 'x' })).toBe(false);
    expect(accept({ ...REQUIRED, sector: 'mining' })).toBe(false);
  });
});
