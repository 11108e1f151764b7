import { join } from 'node:path';
import type { Request } from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite.ts';
import { tempDir } from '../../test/helpers/temp-dir.ts';
import { HandoffAuth, SESSION_COOKIE, SESSIONS_PER_TOKEN } from './auth.ts';
import { loadHandoffConfig } from './config.ts';
import { parseQueueRules } from './queues.ts';
import { createSqlSessionStore } from './sessions.ts';
import { sqliteRunner } from './tickets-sqlite.ts';

const store = openSqliteStore(`sqlite:${join(tempDir(), 'sessions.db')}`);
afterAll(() => store.close());
const rules = parseQueueRules({ defaultQueue: 'general', queues: [{ id: 'general', name: 'General' }], agents: [{ id: 'gus', name: 'Gus', queues: [] }] });
const sessions = createSqlSessionStore(sqliteRunner(store.db));
await sessions.migrate();

/** Sessions as one replica of the gateway keeps them, on a clock the test moves. */
function authWith(env: Record<string, string>, clock: { now: number }) {
  return new HandoffAuth({ config: loadHandoffConfig(env), rules, sessions, now: () => new Date(clock.now) });
}
const requestWith = (cookieValue: string) => ({ get: (name: string) => (name.toLowerCase() === 'cookie' ? `${SESSION_COOKIE}=${cookieValue}` : undefined) }) as unknown as Request;

describe('console sessions', () => {
  it('end at their expiry on the server, whatever the browser keeps', async () => {
    const clock = { now: Date.parse('2026-03-01T09:00:00Z') };
    const auth = authWith({ CONSOLE_TOKEN: 'supervisor-token-1', CONSOLE_SESSION_TTL_MS: '60000' }, clock);
    const session = await auth.signIn('supervisor-token-1', 'Ana');
    expect(session?.agent).toMatchObject({ id: 'Ana', supervisor: true });
    expect((await auth.authenticate(requestWith(session!.cookieValue)))?.agent.id).toBe('Ana');
    clock.now += 59_999;
    expect(await auth.authenticate(requestWith(session!.cookieValue))).toBeDefined();
    clock.now += 1;
    expect(await auth.authenticate(requestWith(session!.cookieValue))).toBeUndefined();
  });

  it('end when their token is taken out of the configuration, and are seen by every replica', async () => {
    const clock = { now: Date.now() };
    const before = authWith({ HANDOFF_AGENT_TOKENS: 'gus=gus-token-old' }, clock);
    const session = await before.signIn('gus-token-old', undefined);
    expect(session?.agent).toMatchObject({ id: 'gus', name: 'Gus' });
    expect(session?.agent.supervisor).toBeUndefined();
    const otherReplica = authWith({ HANDOFF_AGENT_TOKENS: 'gus=gus-token-old' }, clock);
    expect((await otherReplica.authenticate(requestWith(session!.cookieValue)))?.agent.id).toBe('gus');
    await before.signOut(requestWith(session!.cookieValue));
    expect(await otherReplica.authenticate(requestWith(session!.cookieValue))).toBeUndefined();

    const again = await before.signIn('gus-token-old', undefined);
    const rotated = authWith({ HANDOFF_AGENT_TOKENS: 'gus=gus-token-new' }, clock);
    expect(await rotated.authenticate(requestWith(again!.cookieValue))).toBeUndefined();
  });

  it('refuse a wrong token and keep the table bounded per token', async () => {
    const clock = { now: Date.now() };
    const auth = authWith({ CONSOLE_TOKEN: 'bounded-token-1' }, clock);
    expect(await auth.signIn('bounded-token-2', 'Ana')).toBeUndefined();
    const first = await auth.signIn('bounded-token-1', 'Ana');
    for (let index = 0; index < SESSIONS_PER_TOKEN; index++) {
      clock.now += 1;
      await auth.signIn('bounded-token-1', `Name ${index}`);
    }
    expect(await auth.authenticate(requestWith(first!.cookieValue))).toBeUndefined();
    const [row] = store.db.prepare('SELECT count(*) AS n FROM handoff_sessions').all() as { n: number }[];
    expect(row!.n).toBeLessThanOrEqual(SESSIONS_PER_TOKEN + 1);
  });
});
