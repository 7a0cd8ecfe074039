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
import { smallPolicy } from './small-policies.js';

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

const policy = smallPolicy();
const accept = factsAcceptor(policy);
const CANDIDATES: unknown[] = [0, -0, 1, 2.5, 50, 100, 101, -1, 1e308, NaN, Infinity, 'low', 'high', 'medium', '', true, false, null, undefined];

describe('factsAcceptor', () => {
  it('accepts only what checkFacts accepts, with the same facts', () => {
    const next = random(seed);
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const facts: Record<string, unknown> = {};
      for (const input of policy.inputs) {
        if (next() < 0.15) continue;
        facts[input.name] = CANDIDATES[Math.floor(next() * CANDIDATES.length)];
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
    expect(accepted).toBeGreaterThan(0);
  });

  it('accepts an ordinary good row, and turns -0 into 0 as checkFacts does', () => {
    const facts: Facts = { requestedAmount: 1000, rating: -0, turnover: 5e5, insured: true, sector: 'low', employees: 12 };
    expect(accept(facts)).toBe(true);
    expect(Object.is(facts.rating, 0)).toBe(true);
    expect(accept({ requestedAmount: 1000, rating: 50 })).toBe(true);
  });

  it('leaves to checkFacts a missing required input, a fraction for an integer, an unknown key', () => {
    expect(accept({ rating: 50 })).toBe(false);
    expect(accept({ requestedAmount: 1, rating: 50, employees: 2.5 })).toBe(false);
    expect(accept({ requestedAmount: 1, rating: 50, notes: 'x' })).toBe(false);
    expect(accept({ requestedAmount: 1, rating: 50, sector: 'medium' })).toBe(false);
  });
});
