/**
 * Another process holds SQLite's write lock for 2 s while the gateway is under load. Writes wait
 * or are retried; nothing is lost, doubled or apologised for, and the order per thread holds.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { startGatewayProcess, type GatewayProcess } from '../helpers/gateway-process.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { expectClean, report, sendLoad, tally, until } from '../helpers/fault-load.ts';

const dir = tempDir();
let gateway: GatewayProcess | undefined;
afterAll(async () => {
  await gateway?.kill();
});

it('lives through a 2 s write lock held by another process under load: none lost, none doubled, no apology, in order', async () => {
  const file = join(dir, 'locked.db');
  gateway = await startGatewayProcess({ DATABASE_URL: `sqlite:${file}`, LOG_LEVEL: 'warn', DISPATCH_CONCURRENCY: '8' });
  const users = Array.from({ length: 30 }, (_, index) => `lock-${index}`);
  const perUser = 8;
  const total = users.length * perUser;
  const run = sendLoad(gateway.url, { users, perUser }, { pauseMs: 10 });
  await until(() => run.acceptedCount() >= total * 0.3, 120_000, 'a third of the messages accepted', gateway);

  // This test process is the other process: it takes the write lock and sits on it.
  const other = new Database(file, { timeout: 10_000 });
  other.exec('BEGIN EXCLUSIVE');
  const locked = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 2000));
  other.exec('COMMIT');
  const released = Date.now();
  other.close();

  await run.done;
  const counts = await tally(gateway.url, run, released);
  expect(gateway.child.exitCode, gateway.output()).toBeNull();
  expectClean(counts, total);
  report('sqlite-write-lock-2s', { messages: counts.messages, faults: 1, lockedMs: released - locked, refusals: run.refusals, lost: counts.lost, doubled: counts.doubled, apologies: counts.apologies, outOfOrder: counts.outOfOrder, drainedAfterReleaseMs: counts.drainedMs });
  expect(await gateway.stop()).toBe(0);
  gateway = undefined;
}, 480_000);
