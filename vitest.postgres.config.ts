import { defineConfig } from 'vitest/config';

/** `npm run test:postgres`: the suites that need a PostgreSQL server (TEST_POSTGRES_URL, default 127.0.0.1:5432). */
export default defineConfig({
  test: {
    include: ['test/postgres/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
