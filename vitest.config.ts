import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // DuckDB is multi-threaded already; two forks keep the 2-core machine responsive.
    pool: 'forks',
    maxWorkers: 2,
    // Two projects so that only a run with browser tests pays for the UI build: vitest runs a
    // project's globalSetup only when some of its files run (`vitest run tests/engine` builds nothing).
    projects: [
      {
        extends: true,
        test: {
          name: 'web',
          include: ['tests/web/**/*.test.ts'],
          // The browser tests need the built UI: build it once per run, only when web/ changed.
          globalSetup: ['tests/web/support/build-ui.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'node',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/web/**', 'tests/bench/**', 'node_modules/**'],
        },
      },
    ],
  },
});
