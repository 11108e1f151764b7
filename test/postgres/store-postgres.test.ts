import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres.ts';
import { POSTGRES_MIGRATIONS } from '../../src/store/postgres-schema.ts';
import { storeSuite } from '../store.suite.ts';
import { freshDatabase } from './database.ts';

let database: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database.drop();
});

let opened = 0;
storeSuite('PostgreSQL', async () => {
  const store = await openPostgresStore(database.url, { poolSize: 4 });
  // Each test starts from empty tables, like the SQLite suite's fresh file.
  if (opened++ > 0) {
    await store.pool.query('TRUNCATE customers, identities, threads, inbox, thread_leases, outbox, channel_state, report_conversations, report_daily, report_monthly CASCADE');
  }
  return store;
});

it('migrates safely when several replicas start at once', async () => {
  const fresh = await freshDatabase();
  try {
    const stores = await Promise.all([1, 2, 3].map(() => openPostgresStore(fresh.url, { poolSize: 2 })));
    const { rows } = await stores[0]!.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM switchboard_migrations');
    expect(rows[0]!.n).toBe(POSTGRES_MIGRATIONS.length);
    await Promise.all(stores.map((store) => store.close()));
  } finally {
    await fresh.drop();
  }
});
