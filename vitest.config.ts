import { defineConfig } from 'vitest/config';

/** Tests that need web/dist built. */
const NEEDS_UI = ['tests/web/**/*.test.ts', 'tests/server/lifecycle.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // DuckDB is multi-threaded already; two forks keep the 2-core machine responsive.
    pool: 'forks',
    maxWorkers: 2,
    // Two projects so that only a run with tests that need the built UI pays for building it:
    // vitest runs a project's globalSetup only when some of its files run (`vitest run tests/engine`
    // builds nothing), once per run and before any test starts (no two workers race to build).
    projects: [
      {
        extends: true,
        test: {
          name: 'ui',
          // The browser tests, and the server process test: `billing start` builds a stale UI
          // itself, which would take its time out of the test's.
          include: [...NEEDS_UI],
          globalSetup: ['tests/web/support/build-ui.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'node',
          include: ['tests/**/*.test.ts'],
          exclude: [...NEEDS_UI, 'tests/bench/**', 'node_modules/**'],
        },
      },
    ],
  },
});
