import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.ts';
import { createSqlSessionStore } from '../../src/handoff/sessions.ts';
import { sqliteRunner, sqliteTicketStore } from '../../src/handoff/tickets-sqlite.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { sessionStoreSuite } from './session-store.suite.ts';
import { ticketStoreSuite } from './ticket-store.suite.ts';

const dir = tempDir();
const opened: SqliteStore[] = [];
afterAll(async () => {
  for (const store of opened) await store.close();
});

ticketStoreSuite('SQLite', async () => {
  const store = openSqliteStore(`sqlite:${join(dir, `tickets-${opened.length}.db`)}`);
  opened.push(store);
  const tickets = sqliteTicketStore(store.db);
  await tickets.migrate();
  await tickets.migrate();
  return tickets;
});

sessionStoreSuite('SQLite', async () => {
  const store = openSqliteStore(`sqlite:${join(dir, `sessions-${opened.length}.db`)}`);
  opened.push(store);
  const sessions = createSqlSessionStore(sqliteRunner(store.db));
  await sessions.migrate();
  await sessions.migrate();
  return sessions;
});
