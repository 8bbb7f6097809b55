import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/bench/**', 'node_modules/**'],
    // The browser tests (tests/web) need the built UI: build it once, only when web/ changed.
    globalSetup: ['tests/web/support/build-ui.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // DuckDB is multi-threaded already; two forks keep the 2-core machine responsive.
    pool: 'forks',
    maxWorkers: 2,
  },
});
