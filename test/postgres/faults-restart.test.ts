/**
 * The database server stops for 5 s under load and comes back (a private server started for this
 * test; the machine's shared one is never stopped). The gateway lives, /readyz says 503 while the
 * server is away and 200 once it is back, and every accepted message gets exactly one real answer.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startGatewayProcess, type GatewayProcess } from '../helpers/gateway-process.ts';
import { expectClean, report, sendLoad, tally, until } from '../helpers/fault-load.ts';
import { startPrivatePostgres, type PrivatePostgres } from './private-server.ts';

let server: PrivatePostgres;
let gateway: GatewayProcess | undefined;

beforeAll(async () => {
  server = await startPrivatePostgres();
}, 120_000);
afterAll(async () => {
  await gateway?.kill();
  server?.destroy();
});

const readiness = async (url: string) => fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5000) }).then((res) => res.status, () => 0);

it('lives through a 5 s server stop under load: 503 while away, then every message answered once, in order', async () => {
  gateway = await startGatewayProcess({ DATABASE_URL: server.url, LOG_LEVEL: 'warn', DISPATCH_CONCURRENCY: '16' });
  const users = Array.from({ length: 30 }, (_, index) => `pg-stop-${index}`);
  const perUser = 8;
  const total = users.length * perUser;
  const run = sendLoad(gateway.url, { users, perUser }, { pauseMs: 20 });
  await until(() => run.acceptedCount() >= total * 0.3, 120_000, 'a third of the messages accepted', gateway);

  server.stop();
  const stoppedAt = Date.now();
  await until(async () => (await readiness(gateway!.url)) === 503, 10_000, '/readyz to say 503 while the server is stopped', gateway);
  expect(await fetch(`${gateway.url}/healthz`).then((res) => res.status)).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, 5000 - (Date.now() - stoppedAt))));
  server.start();
  const back = Date.now();
  await until(async () => (await readiness(gateway!.url)) === 200, 30_000, '/readyz to say 200 once the server is back', gateway);
  const readyAfterMs = Date.now() - back;

  await run.done;
  const counts = await tally(gateway.url, run, back);
  expect(gateway.child.exitCode, gateway.output()).toBeNull();
  expectClean(counts, total);
  expect(gateway.output()).toMatch(/DATABASE NOT WRITABLE/);
  report('postgres-stop-5s', { messages: counts.messages, faults: 1, downMs: back - stoppedAt, refusals: run.refusals, lost: counts.lost, doubled: counts.doubled, apologies: counts.apologies, outOfOrder: counts.outOfOrder, readyAfterRestartMs: readyAfterMs, drainedAfterRestartMs: counts.drainedMs });
  expect(await gateway.stop()).toBe(0);
  gateway = undefined;
}, 480_000);
