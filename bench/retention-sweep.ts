import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { ticketStoreFor } from '../src/handoff/index.ts';
import { privacyStoreFor } from '../src/privacy/index.ts';
import { openSqliteStore } from '../src/store/sqlite.ts';
import type { Child, ChildEnv } from './child.ts';
import { load, type LoadResult } from './load.ts';

export interface SweepBenchOptions {
  dir: string;
  seconds: number;
  connections: number;
  /** Old answered messages (each with its reply) the sweep has to remove. */
  oldMessages: number;
  body: (n: number) => string;
  start(entry: string, env: ChildEnv, ready: string): Promise<Child>;
}

export interface SweepBenchResult {
  baseline: LoadResult;
  sweeping: LoadResult;
  /** Rows past retention when the load began, and how many the sweep had removed when it ended. */
  oldRows: number;
  removedDuringLoad: number;
}

const YEAR_MS = 365 * 86_400_000;

/** Fills a database with `count` answered messages and their replies, a year old: work for the sweep. */
function seedOldTraffic(path: string, count: number): void {
  const store = openSqliteStore(`sqlite:${path}`);
  const at = Date.now() - YEAR_MS;
  const inbox = store.db.prepare(
    "INSERT INTO inbox (id, channel, provider_message_id, thread_id, customer_id, message, status, created_at, completed_at) VALUES (?, 'web', ?, ?, ?, ?, 'done', ?, ?)",
  );
  const outbox = store.db.prepare(
    "INSERT INTO outbox (id, inbox_seq, thread_id, channel, recipient, body, language, status, created_at, sent_at) VALUES (?, ?, ?, 'web', ?, ?, 'en', 'sent', ?, ?)",
  );
  store.db.transaction(() => {
    for (let n = 0; n < count; n++) {
      const user = `old-${n % 5000}`;
      const message = JSON.stringify({ channel: 'web', providerMessageId: `old-${n}`, senderAddress: user, text: 'where is my refund for order 1042?', receivedAt: new Date(at).toISOString() });
      const seq = Number(inbox.run(`m_old_${n}`, `old-${n}`, `t_old_${n % 5000}`, `c_old_${n % 5000}`, message, at, at).lastInsertRowid);
      outbox.run(`m_old_${n}.0`, seq, `t_old_${n % 5000}`, user, JSON.stringify({ text: 'Your refund of 499 kr for order 1042 was sent on 12 November.' }), at, at);
    }
  })();
  store.db.close();
}

const oldRowsLeft = (path: string) => {
  const store = openSqliteStore(`sqlite:${path}`);
  const cutoff = Date.now() - 90 * 86_400_000;
  const left = (store.db.prepare('SELECT (SELECT count(*) FROM inbox WHERE created_at < ?) + (SELECT count(*) FROM outbox WHERE created_at < ?) AS n').get(cutoff, cutoff) as { n: number }).n;
  store.db.close();
  return left;
};

/**
 * The accept rate while the retention sweep removes a large backlog, next to the same gateway on a
 * copy of the same file with retention off: the sweep's batches must not stall accepting.
 */
export async function acceptDuringSweep(options: SweepBenchOptions): Promise<SweepBenchResult> {
  const withSweep = join(options.dir, 'sweep.db');
  const withoutSweep = join(options.dir, 'no-sweep.db');
  const prepared = openSqliteStore(`sqlite:${withSweep}`);
  await privacyStoreFor(prepared).migrate();
  await ticketStoreFor(prepared).migrate();
  prepared.db.close();
  seedOldTraffic(withSweep, options.oldMessages);
  copyFileSync(withSweep, withoutSweep);
  const oldRows = options.oldMessages * 2;

  const quiet = { LOG_LEVEL: 'warn' };
  const plain = await options.start('app/main.ts', { ...quiet, DATABASE_URL: `sqlite:${withoutSweep}`, RETENTION_MESSAGES_DAYS: '0', RETENTION_TICKETS_DAYS: '0' }, '/readyz');
  const baseline = await load(`${plain.url}/webhooks/web`, { body: options.body, seconds: options.seconds, connections: options.connections });
  await plain.stop();

  // The first pass starts a second after start-up and runs through the whole load.
  const sweeping = await options.start('app/main.ts', { ...quiet, DATABASE_URL: `sqlite:${withSweep}`, RETENTION_SWEEP_MS: '1000' }, '/readyz');
  await new Promise((resolve) => setTimeout(resolve, 1200));
  const result = await load(`${sweeping.url}/webhooks/web`, { body: options.body, seconds: options.seconds, connections: options.connections });
  await sweeping.stop();
  return { baseline, sweeping: result, oldRows, removedDuringLoad: oldRows - oldRowsLeft(withSweep) };
}
