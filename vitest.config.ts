import { defineConfig } from 'vitest/config';

// One suite, four projects: pure unit tests; integration tests on embedded
// PGlite; the same integration tests on a real PostgreSQL; browser tests.
const integration = ['src/**/*.int.test.ts', 'test/integration/**/*.int.test.ts'];

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'],
          exclude: [...integration, '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'pglite',
          include: integration,
          env: { GONGZHI_TEST_BACKEND: 'pglite' },
          globalSetup: ['./test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'postgres',
          include: integration,
          env: { GONGZHI_TEST_BACKEND: 'postgres' },
          globalSetup: ['./test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          globalSetup: ['./test/support/global-setup.ts'],
          env: { GONGZHI_TEST_BACKEND: 'pglite' },
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
