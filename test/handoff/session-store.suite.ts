import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ConsoleSession, ConsoleSessionStore } from '../../src/handoff/sessions.ts';

const HOUR = 3_600_000;

function session(fields: Partial<ConsoleSession> = {}): ConsoleSession {
  const createdAt = fields.createdAt ?? new Date();
  return { idHash: randomUUID(), agentId: 'ana', name: 'Ana', tokenFingerprint: `fp-${randomUUID()}`, createdAt, expiresAt: new Date(createdAt.getTime() + HOUR), ...fields };
}

/**
 * What every console session store must do, on SQLite (test/handoff) and PostgreSQL
 * (test/postgres): a signed-out or expired session is gone for every replica.
 */
export function sessionStoreSuite(name: string, open: () => Promise<ConsoleSessionStore>): void {
  describe(`${name} console session store`, () => {
    it('finds a live session, and nothing once it is signed out', async () => {
      const store = await open();
      const live = session();
      await store.create(live, 20);
      expect(await store.get(live.idHash, new Date())).toMatchObject({ agentId: 'ana', name: 'Ana', tokenFingerprint: live.tokenFingerprint });
      expect((await store.get(live.idHash, new Date()))?.expiresAt.getTime()).toBe(live.expiresAt.getTime());
      expect(await store.delete(live.idHash)).toBe(true);
      expect(await store.get(live.idHash, new Date())).toBeUndefined();
      expect(await store.delete(live.idHash)).toBe(false);
      expect(await store.get('never-issued', new Date())).toBeUndefined();
    });

    it('ends a session at its expiry, and prunes expired ones', async () => {
      const store = await open();
      const now = Date.now();
      const old = session({ createdAt: new Date(now - 2 * HOUR), expiresAt: new Date(now - HOUR) });
      const current = session({ createdAt: new Date(now), expiresAt: new Date(now + HOUR) });
      await store.create(old, 20);
      await store.create(current, 20);
      expect(await store.get(old.idHash, new Date(now))).toBeUndefined();
      expect(await store.get(current.idHash, new Date(now + HOUR))).toBeUndefined();
      expect(await store.get(current.idHash, new Date(now + HOUR - 1))).toBeDefined();
      expect(await store.prune(new Date(now))).toBeGreaterThanOrEqual(1);
      expect(await store.get(current.idHash, new Date(now))).toBeDefined();
    });

    it('keeps only the newest sessions signed in with one token, whatever names they chose', async () => {
      const store = await open();
      const tokenFingerprint = `fp-${randomUUID()}`;
      const base = Date.now();
      const made = Array.from({ length: 5 }, (_, index) => session({ tokenFingerprint, agentId: `name-${index}`, createdAt: new Date(base + index) }));
      for (const one of made) await store.create(one, 3);
      const alive = await Promise.all(made.map(async (one) => (await store.get(one.idHash, new Date(base))) !== undefined));
      expect(alive).toEqual([false, false, true, true, true]);
      // Sessions of another token are not touched.
      const other = session();
      await store.create(other, 3);
      expect(await store.get(made[4]!.idHash, new Date(base))).toBeDefined();
    });
  });
}
