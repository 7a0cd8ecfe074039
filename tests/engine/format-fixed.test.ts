/**
 * The generated code's `{name:N}` formatter (engine/compile/format-fixed.ts) writes exactly what
 * the catalog's FIXED_FORMATTERS write, in English and French, for random values (integers,
 * decimals near a rounding half, negatives that round to zero, huge, tiny, non-finite, non-numbers)
 * and 0 to 8 decimals. The seed is printed and can be given in CG_SEED.
 */
import { describe, expect, it } from 'vitest';
import { formatFixedEn, formatFixedFr } from '../../engine/compile/format-fixed.js';
import { FIXED_FORMATTERS } from '../../engine/i18n/engine-messages.js';

const seed = Number(process.env.CG_SEED ?? Date.now() % 1_000_000);
console.log(`format-fixed seed: ${seed} (set CG_SEED to replay)`);

function random(s: number): () => number {
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('fixed-decimals formatting in reason messages', () => {
  it('matches FIXED_FORMATTERS on random values, both languages', () => {
    const next = random(seed);
    const special: unknown[] = [0, -0, 0.5, -0.5, 1.005, 2.675, 0.00005, -0.00004, 999.99995, 1e15, 4.5e15, 1e21, 1e300, -1e-300, NaN, Infinity, -Infinity, 'text', null, undefined, true];
    for (let i = 0; i < 100_000; i++) {
      const roll = next();
      const value =
        roll < 0.05 ? special[Math.floor(next() * special.length)]
        : roll < 0.3 ? Math.round((next() - 0.3) * 10 ** Math.floor(next() * 12))
        : roll < 0.5 ? (Math.round((next() - 0.5) * 1e6) + 0.5) / 10 ** Math.floor(next() * 7) // halves at some scale
        : (next() - 0.4) * 10 ** (Math.floor(next() * 30) - 10);
      const decimals = Math.floor(next() * 9);
      expect(formatFixedEn(value, decimals), `${String(value)} :${decimals}`).toBe(FIXED_FORMATTERS.en(value, decimals));
      expect(formatFixedFr(value, decimals), `${String(value)} :${decimals}`).toBe(FIXED_FORMATTERS.fr(value, decimals));
    }
  });

  it('reads some values as a person expects', () => {
    expect(formatFixedEn(1.3833, 4)).toBe('1.3833');
    expect(formatFixedEn(1234567.5, 2)).toBe('1,234,567.50');
    expect(formatFixedEn(-0.00004, 4)).toBe('0.0000');
    expect(formatFixedEn(2.85, 3)).toBe('2.850');
    expect(formatFixedFr(-1234.5, 1)).toBe('-1\u202f234,5');
  });
});
