import { afterAll, beforeAll, expect, it } from 'vitest';
import { RetentionSweeper } from '../../src/privacy/retention.ts';
import type { SqliteStore } from '../../src/store/sqlite.ts';
import { startGateway, type RunningGateway } from '../helpers/gateway.ts';

/*
 * A long run of web traffic from ever new people, with the retention sweep keeping one round of
 * messages: the database file stops growing (SQLite reuses the pages the sweep frees) and every
 * table's row count stays bounded. Without the sweep each round adds the same again.
 */
const ROUNDS = 8;
const PEOPLE = 20;
const MESSAGES_EACH = 2;
let gateway: RunningGateway;

beforeAll(async () => {
  gateway = await startGateway({ TURN_WORKERS: '0', RETENTION_SWEEP_MS: '3600000' });
});
afterAll(async () => {
  await gateway?.stop();
});

const quiet = { info() {}, warn() {}, error() {}, debug() {}, child: () => quiet } as never;

it('stops growing under a long run of traffic from new people when retention is short', { timeout: 240_000 }, async () => {
  const db = (gateway.runtime.store as SqliteStore).db;
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const tables = ['inbox', 'outbox', 'customers', 'identities', 'threads', 'checkpoints', 'writes', 'channel_state'];
  const sizes: { pages: number; rows: Record<string, number> }[] = [];
  let previousRoundStart = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const roundStart = Date.now();
    for (let message = 0; message < MESSAGES_EACH; message++) {
      await Promise.all(
        Array.from({ length: PEOPLE }, async (_, person) => {
          const response = await fetch(`${gateway.url}/webhooks/web`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ userId: `growth-${round}-${person}`, text: message === 0 ? 'hello' : 'what are your opening hours?', id: `g-${round}-${person}-${message}` }),
          });
          expect(response.status).toBe(202);
        }),
      );
      await gateway.runtime.gateway.idle();
    }
    // Keep what arrived since the start of the previous round: about two rounds of data at any time.
    await new RetentionSweeper(gateway.runtime.privacy.store, { messagesMs: 1, batch: 100, intervalMs: 60_000, pauseMs: 0, logger: quiet, now: () => previousRoundStart + 1 }).sweepOnce();
    previousRoundStart = roundStart;
    sizes.push({ pages: db.pragma('page_count', { simple: true }) as number, rows: Object.fromEntries(tables.map((table) => [table, count(table)])) });
  }

  const settled = sizes[3]!;
  const later = sizes.slice(4);
  // Two rounds of people and messages at most, whichever round it is.
  for (const size of later) {
    expect(size.rows.inbox!).toBeLessThanOrEqual(2 * PEOPLE * MESSAGES_EACH);
    expect(size.rows.customers!).toBeLessThanOrEqual(2 * PEOPLE);
    expect(size.rows.threads!).toBeLessThanOrEqual(2 * PEOPLE);
    expect(size.rows.checkpoints!).toBeLessThanOrEqual(settled.rows.checkpoints! * 1.5);
    expect(size.pages).toBeLessThanOrEqual(Math.ceil(settled.pages * 1.15));
  }
  // The people of the first rounds are gone from every table.
  expect(db.prepare("SELECT count(*) AS n FROM identities WHERE address LIKE 'growth-0-%'").get()).toEqual({ n: 0 });
});
