import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    testTimeout: 20_000,
    hookTimeout: 120_000,
    // expect.poll waits on observable state and returns as soon as it holds; its default of 1 s is
    // shorter than a browser round trip through the server on a busy 2-core CI machine.
    expect: { poll: { timeout: 10_000 } },
    // Browser and server tests start processes on loopback ports; two workers fit the 2-core machine.
    maxWorkers: 2,
  },
});
