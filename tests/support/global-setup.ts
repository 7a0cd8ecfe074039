/**
 * Runs once per `vitest run`, before any test file: decides whether the browser suites run and
 * which seed the random tests use, prints each decision on one line, and hands both to the test
 * files (`inject`). Deciding here, not in each file, keeps the skip reason to one printed line.
 */
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { browserTestMode, chromiumPath, seedFromEnvironment, type BrowserTestMode } from './run-settings.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Seed of every random test in this run (TEST_SEED to replay). */
    testSeed: number;
    browserTests: BrowserTestMode;
  }
}

export default function setup(project: TestProject): void {
  const seed = seedFromEnvironment(process.env.TEST_SEED);
  console.log(`random tests use seed ${seed} (replay with TEST_SEED=${seed})`);
  project.provide('testSeed', seed);

  const chromium = chromiumPath();
  const mode = browserTestMode({ chromiumExists: existsSync(chromium), ci: process.env.CI, skip: process.env.CREDITGRAPH_SKIP_BROWSER_TESTS });
  if (mode === 'skip-missing')
    console.log(`browser tests skipped: ${chromium} is missing (install Debian's chromium: apt-get install -y chromium; with CI=true they are required)`);
  else if (mode === 'skip-asked') console.log('browser tests skipped: CREDITGRAPH_SKIP_BROWSER_TESTS=1');
  project.provide('browserTests', mode);
}
