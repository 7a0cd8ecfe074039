/**
 * What the global setup decides for a run, from the environment: the random tests' seed and
 * whether the browser suites run. Those need Debian's chromium (no browser download is possible
 * here); a fresh machine without it still passes `npm test` with them skipped, CI requires them.
 */
import { randomInt } from 'node:crypto';

/** TEST_SEED, or a fresh random seed. */
export function seedFromEnvironment(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return randomInt(1, 2 ** 31);
  const seed = Number(value);
  if (!Number.isSafeInteger(seed)) throw new Error(`TEST_SEED must be an integer, got ${JSON.stringify(value)}`);
  return seed;
}

/** `run`, skipped because chromium is absent, skipped on purpose, or absent where CI requires it. */
export type BrowserTestMode = 'run' | 'skip-missing' | 'skip-asked' | 'required-missing';

/** Debian's chromium; CREDITGRAPH_CHROMIUM points elsewhere (or nowhere, to try the skip). */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CREDITGRAPH_CHROMIUM || '/usr/bin/chromium';
}

const truthy = (v: string | undefined) => v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';

export function browserTestMode(o: { chromiumExists: boolean; ci: string | undefined; skip: string | undefined }): BrowserTestMode {
  if (o.skip === '1') return 'skip-asked';
  if (o.chromiumExists) return 'run';
  return truthy(o.ci) ? 'required-missing' : 'skip-missing';
}
