import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    // Once per run: the random tests' seed (TEST_SEED) and whether the browser suites run, each printed.
    globalSetup: ['tests/support/global-setup.ts'],
    setupFiles: ['tests/support/fast-check-seed.ts'],
    // expect.poll waits for something observable; its default 1 s bound fails a busy machine.
    expect: { poll: { timeout: 120_000 } },
    // Bounds for a stuck test or hook, not speed expectations: on a busy machine (2 cores shared
    // with CPU-bound processes) starting a server process alone can take tens of seconds.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // Browser and server tests start processes on loopback ports; two workers fit the 2-core machine.
    maxWorkers: 2,
  },
});
