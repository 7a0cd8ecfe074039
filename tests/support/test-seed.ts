/**
 * One seed per test run for every random test (crash kill points, shuffles, fast-check): printed
 * by the global setup, replayed with TEST_SEED=<n>. Each user derives its own stream from the seed
 * and a label, so adding a random test does not change what the others draw.
 */
import { createHash } from 'node:crypto';
import { inject } from 'vitest';

/** This run's seed (from the global setup). */
export function testSeed(): number {
  return inject('testSeed');
}

/**
 * A deterministic random stream for `label` under this run's seed: numbers in [0, 1) like
 * Math.random. Small-fast-counter (sfc32), seeded from SHA-256(seed, label).
 */
export function seededRandom(label: string, seed = testSeed()): () => number {
  const h = createHash('sha256').update(`${seed}:${label}`).digest();
  let a = h.readUInt32LE(0), b = h.readUInt32LE(4), c = h.readUInt32LE(8), d = h.readUInt32LE(12);
  return () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/** An integer in [min, max] from `random`. */
export function randomIntIn(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}
