import type { Request } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HandoffAuth, SESSION_COOKIE } from '../../src/handoff/auth.ts';
import { loadHandoffConfig } from '../../src/handoff/config.ts';
import { parseQueueRules } from '../../src/handoff/queues.ts';
import { createSqlSessionStore } from '../../src/handoff/sessions.ts';
import { postgresRunner } from '../../src/handoff/tickets-postgres.ts';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres.ts';
import { freshDatabase } from './database.ts';

/* Two replicas on one PostgreSQL database: a sign-out or an expiry on one holds on the other. */
let database: Awaited<ReturnType<typeof freshDatabase>>;
const stores: PostgresStore[] = [];
beforeAll(async () => {
  database = await freshDatabase();
  stores.push(await openPostgresStore(database.url), await openPostgresStore(database.url));
});
afterAll(async () => {
  for (const store of stores) await store.close();
  await database?.drop();
});

const rules = parseQueueRules({ defaultQueue: 'general', queues: [{ id: 'general', name: 'General' }] });
const requestWith = (value: string) => ({ get: (name: string) => (name.toLowerCase() === 'cookie' ? `${SESSION_COOKIE}=${value}` : undefined) }) as unknown as Request;

describe('console sessions on PostgreSQL', () => {
  it('a sign-out or expiry on one replica ends the session on the other', async () => {
    const clock = { now: Date.now() };
    const [one, two] = await Promise.all(
      stores.map(async (store) => {
        const sessions = createSqlSessionStore(postgresRunner(store.pool));
        await sessions.migrate();
        return new HandoffAuth({ config: loadHandoffConfig({ CONSOLE_TOKEN: 'pg-supervisor-token', CONSOLE_SESSION_TTL_MS: '60000' }), rules, sessions, now: () => new Date(clock.now) });
      }),
    );
    const first = await one!.signIn('pg-supervisor-token', 'Ana');
    expect((await two!.authenticate(requestWith(first!.cookieValue)))?.agent).toMatchObject({ id: 'Ana', supervisor: true });
    await one!.signOut(requestWith(first!.cookieValue));
    expect(await two!.authenticate(requestWith(first!.cookieValue))).toBeUndefined();

    const second = await two!.signIn('pg-supervisor-token', 'Bo');
    expect(await one!.authenticate(requestWith(second!.cookieValue))).toBeDefined();
    clock.now += 60_000;
    expect(await one!.authenticate(requestWith(second!.cookieValue))).toBeUndefined();
  });
});
