import { afterAll, beforeAll } from 'vitest';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres.ts';
import { createSqlSessionStore } from '../../src/handoff/sessions.ts';
import { postgresRunner, postgresTicketStore } from '../../src/handoff/tickets-postgres.ts';
import { sessionStoreSuite } from '../handoff/session-store.suite.ts';
import { ticketStoreSuite } from '../handoff/ticket-store.suite.ts';
import { freshDatabase } from './database.ts';

let database: Awaited<ReturnType<typeof freshDatabase>>;
let store: PostgresStore;

beforeAll(async () => {
  database = await freshDatabase();
  store = await openPostgresStore(database.url);
});
afterAll(async () => {
  await store?.close();
  await database?.drop();
});

ticketStoreSuite('PostgreSQL', async () => {
  const tickets = postgresTicketStore(store.pool);
  // Two replicas starting at once create the tables once.
  await Promise.all([tickets.migrate(), postgresTicketStore(store.pool).migrate()]);
  return tickets;
});

sessionStoreSuite('PostgreSQL', async () => {
  const sessions = createSqlSessionStore(postgresRunner(store.pool));
  await Promise.all([sessions.migrate(), createSqlSessionStore(postgresRunner(store.pool)).migrate()]);
  return sessions;
});
