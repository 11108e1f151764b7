import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../gateway/messages.ts';
import type { ResolvedIdentity } from './types.ts';
import { isStoreFault } from './faults.ts';
import { openSqliteStore, type SqliteStore } from './sqlite.ts';

const dir = mkdtempSync(join(tmpdir(), 'switchboard-group-commit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;
let store: SqliteStore | undefined;
let other: Database.Database | undefined;
afterEach(async () => {
  other?.close();
  other = undefined;
  await store?.close();
  store = undefined;
});

/** A store on a fresh file, and a second connection to the same file: another process's view of what is on disk. */
function open(options: { busyTimeoutMs?: number } = {}) {
  const path = join(dir, `group-${++counter}.db`);
  store = openSqliteStore(`sqlite:${path}`, options);
  other = new Database(path, { timeout: 0 });
  const stored = other.prepare<[string], { n: number }>("SELECT count(*) AS n FROM inbox WHERE channel = 'sms' AND provider_message_id = ?");
  return { store, other, isStored: (id: string) => stored.get(id)!.n === 1 };
}

const message = (id: string, text = 'hello'): InboundMessage => ({ channel: 'sms', providerMessageId: id, senderAddress: `+4670${id}`, text, receivedAt: new Date() });
const identity = (id: string): ResolvedIdentity => ({ key: { namespace: 'phone', address: `+4670${id}` }, role: 'customer', conversationKey: '' });
/** Accepts asked for in the same tick: the webhooks that arrive together under load. */
const acceptTogether = (ids: string[], text?: (id: string) => string) => ids.map((id) => store!.inbox.insert(message(id, text?.(id)), identity(id)));
const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}${index}`);

describe('group commit on SQLite', () => {
  it('acknowledges each of many simultaneous accepts only once it is on disk, and stores each once', async () => {
    const { isStored } = open();
    const wanted = ids('a', 40);
    const seenOnDiskAtAck = await Promise.all(acceptTogether([...wanted, 'a3', 'a7']).map((accepted, index) => accepted.then(() => isStored([...wanted, 'a3', 'a7'][index]!))));
    expect(seenOnDiskAtAck.every(Boolean)).toBe(true);
    const again = await Promise.all(acceptTogether(['a3', 'a7']));
    expect(again.map((result) => result.duplicate)).toEqual([true, true]);
    expect(await store!.inbox.pendingCount()).toBe(40);
  });

  it('acknowledges none of a batch whose commit fails, stores none of it, and takes the same accepts once the fault is gone', async () => {
    const { other, isStored } = open();
    // A real commit-time failure: every inbox row now adds a row whose deferred foreign key is only checked at COMMIT.
    other.exec(`CREATE TABLE trap_target (id TEXT PRIMARY KEY);
      CREATE TABLE trap (ref TEXT REFERENCES trap_target (id) DEFERRABLE INITIALLY DEFERRED);
      CREATE TRIGGER trap_inbox AFTER INSERT ON inbox BEGIN INSERT INTO trap (ref) VALUES ('nowhere'); END;`);
    const batch = ids('f', 12);
    const outcomes = await Promise.allSettled(acceptTogether(batch));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(batch.map(() => 'rejected'));
    expect(batch.filter(isStored)).toEqual([]);

    other.exec('DROP TRIGGER trap_inbox');
    const retried = await Promise.all(acceptTogether(batch));
    expect(retried.map((result) => result.duplicate)).toEqual(batch.map(() => false));
    expect(batch.every(isStored)).toBe(true);
  });

  it('fails the whole batch with a retryable fault when the database is locked, and commits it all once the lock is gone', async () => {
    const { other, isStored } = open({ busyTimeoutMs: 20 });
    other.exec('BEGIN EXCLUSIVE');
    const batch = ids('b', 8);
    const outcomes = await Promise.allSettled(acceptTogether(batch));
    expect(outcomes.every((outcome) => outcome.status === 'rejected' && isStoreFault(outcome.reason))).toBe(true);
    other.exec('COMMIT');
    expect(batch.filter(isStored)).toEqual([]);
    await Promise.all(acceptTogether(batch));
    expect(batch.every(isStored)).toBe(true);
  });

  it('refuses only the accept that failed on its own, and commits its neighbours', async () => {
    const { other, isStored } = open();
    other.exec(`CREATE TRIGGER refuse_poison BEFORE INSERT ON inbox WHEN json_extract(NEW.message, '$.text') = 'poison' BEGIN SELECT RAISE(ABORT, 'poison refused'); END;`);
    const batch = ids('p', 6);
    const outcomes = await Promise.allSettled(acceptTogether(batch, (id) => (id === 'p2' ? 'poison' : 'hello')));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(batch.map(isStored)).toEqual([true, true, false, true, true, true]);
  });

  it('keeps arrival order: a thread released in the same commit as its next message still sees that message', async () => {
    const { store } = open();
    const lease = { owner: 'host/1/a', ttlMs: 60_000 };
    const first = await store.inbox.insert(message('o1'), identity('o1'));
    expect(await store.threads.acquire(first.item.threadId, lease)).toBe(true);
    await store.inbox.complete(first.item.seq, [], lease);
    // The next message is asked for before the release, in the same tick: the release must see it pending and refuse.
    const [next, released] = await Promise.all([store.inbox.insert(message('o2'), identity('o1')), store.threads.release(first.item.threadId, lease)]);
    expect(next.item.threadId).toBe(first.item.threadId);
    expect(released).toBe(false);
  });
});
