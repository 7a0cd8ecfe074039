import { seededRandom } from '../support/test-seed.js';

/**
 * One seed per test run for the property-based tests: printed, and taken from FC_SEED when set
 * (otherwise drawn from the run's seed, so TEST_SEED replays them too),
 * so a failure seen once (fast-check prints the seed and path too) can be replayed exactly:
 *   FC_SEED=123456 npx vitest run tests/engine/differential.test.ts
 */
const fromEnvironment = process.env.FC_SEED;
export const FC_SEED = fromEnvironment !== undefined && fromEnvironment !== '' ? Number(fromEnvironment) : Math.floor(seededRandom('fast-check')() * 0x7fffffff);
if (!Number.isInteger(FC_SEED)) throw new Error(`FC_SEED must be an integer (found ${fromEnvironment})`);

const announced = new Set<string>();
/** fast-check parameters carrying the run's seed; prints it once per test file. */
export function seeded<T extends object>(file: string, parameters: T): T & { seed: number } {
  if (!announced.has(file)) {
    announced.add(file);
    console.log(`[${file}] fast-check seed ${FC_SEED} (replay with FC_SEED=${FC_SEED})`);
  }
  return { ...parameters, seed: FC_SEED };
}
