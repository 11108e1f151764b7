/**
 * PostgreSQL drops every connection of the gateway three times under load
 * (`pg_terminate_backend` on this test's own database only). The process lives, and every
 * accepted message gets exactly one real answer, in order per thread.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startGatewayProcess, type GatewayProcess } from '../helpers/gateway-process.ts';
import { expectClean, report, sendLoad, tally, until } from '../helpers/fault-load.ts';
import { ADMIN_URL, freshDatabase } from './database.ts';

let database: Awaited<ReturnType<typeof freshDatabase>>;
let gateway: GatewayProcess | undefined;

beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await gateway?.kill();
  await database.drop();
});

/** Ends every session on the test's database; returns how many. */
async function dropConnections(name: string): Promise<number> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ ended: boolean }>(
      'SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [name],
    );
    return rows.filter((row) => row.ended).length;
  } finally {
    await admin.end();
  }
}

it('lives through three drops of all its connections under load: none lost, none doubled, no apology, in order', async () => {
  const name = new URL(database.url).pathname.slice(1);
  gateway = await startGatewayProcess({ DATABASE_URL: database.url, LOG_LEVEL: 'warn', DISPATCH_CONCURRENCY: '16' });
  const users = Array.from({ length: 50 }, (_, index) => `pg-drop-${index}`);
  const perUser = 10;
  const started = Date.now();
  const run = sendLoad(gateway.url, { users, perUser });
  const total = users.length * perUser;
  let dropped = 0;
  for (const share of [0.2, 0.45, 0.7]) {
    await until(() => run.acceptedCount() >= total * share, 120_000, `${share * 100}% of the messages accepted`, gateway);
    dropped += await dropConnections(name);
  }
  const lastFault = Date.now();
  await run.done;
  const counts = await tally(gateway.url, run, lastFault);

  expect(gateway.child.exitCode, gateway.output()).toBeNull();
  expect(dropped).toBeGreaterThanOrEqual(3);
  expect(gateway.output()).not.toMatch(/Unhandled 'error' event|uncaught/i);
  expectClean(counts, total);
  report('postgres-terminate', { messages: counts.messages, faults: 3, connectionsDropped: dropped, refusals: run.refusals, lost: counts.lost, doubled: counts.doubled, apologies: counts.apologies, outOfOrder: counts.outOfOrder, drainedAfterLastFaultMs: counts.drainedMs, totalMs: Date.now() - started });
  expect(await gateway.stop()).toBe(0);
  gateway = undefined;
}, 480_000);
