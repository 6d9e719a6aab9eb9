import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Kusto.Language takes about a second to load and warm up in each worker.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: process.env.KQLC_VITEST_JSON ? ['default', ['json', { outputFile: process.env.KQLC_VITEST_JSON }]] : ['default'],
  },
});
