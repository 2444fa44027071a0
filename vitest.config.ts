import { defineConfig } from 'vitest/config';

/**
 * Two layers: `unit` (beside the code, seconds) and `integration` (tests/, real PostgreSQL,
 * real HTTP/SMTP peers, real Chromium; a few minutes).
 */
export default defineConfig({
  test: {
    // Two test files at a time even on two cores (Vitest's default there is one): the
    // integration files mostly wait on their servers, timers and child processes, and each has
    // a database and ports of its own. Measured on 2 cores: 378 s against 772–849 s one at a time.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'packages/*/src/**/*.test.tsx'],
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          globalSetup: ['tests/support/global-setup.ts'],
        },
      },
    ],
  },
});
