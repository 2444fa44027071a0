import { defineConfig } from 'vitest/config';

/**
 * Two layers: `unit` (beside the code, seconds) and `integration` (tests/, real PostgreSQL,
 * real HTTP/SMTP peers, real Chromium; a few minutes).
 */
export default defineConfig({
  test: {
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
