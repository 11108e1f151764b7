import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'app/**/*.test.ts', 'src/**/*.test.ts', 'channels/**/*.test.ts', 'agents/**/*.test.ts', 'evals/**/*.test.ts', 'docs/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/postgres/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
