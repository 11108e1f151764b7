/**
 * The SQLite file made read-only, or removed, under a running gateway: the process stays up,
 * /readyz says what is true (and why), the log says so loudly, and every accepted message gets
 * exactly one real answer.
 */
import { chmodSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startGatewayProcess, type GatewayProcess } from '../helpers/gateway-process.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { expectClean, report, sendLoad, tally, until } from '../helpers/fault-load.ts';

const dir = tempDir();
let gateway: GatewayProcess | undefined;
afterEach(async () => {
  await gateway?.kill();
  gateway = undefined;
});

const readiness = async (url: string) =>
  fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5000) }).then(
    async (res) => ({ status: res.status, body: (await res.json()) as { problem?: string } }),
    () => ({ status: 0, body: {} as { problem?: string } }),
  );

it('says not ready while the database file is read-only, and keeps answering', async () => {
  const file = join(dir, 'readonly.db');
  gateway = await startGatewayProcess({ DATABASE_URL: `sqlite:${file}`, LOG_LEVEL: 'warn' });
  const users = Array.from({ length: 10 }, (_, index) => `ro-${index}`);
  const run = sendLoad(gateway.url, { users, perUser: 4 }, { pauseMs: 50 });
  await until(() => run.acceptedCount() >= 10, 60_000, 'the first messages accepted', gateway);

  chmodSync(file, 0o444);
  const madeReadOnly = Date.now();
  await until(async () => (await readiness(gateway!.url)).status === 503, 10_000, '/readyz to say 503', gateway);
  const notReadyAfterMs = Date.now() - madeReadOnly;
  expect((await readiness(gateway.url)).body.problem).toMatch(/read-only/);
  expect(await fetch(`${gateway.url}/healthz`).then((res) => res.status)).toBe(200);
  await until(() => /DATABASE NOT WRITABLE: .*read-only/.test(gateway!.output()), 10_000, 'the log to say so', gateway);

  chmodSync(file, 0o644);
  await until(async () => (await readiness(gateway!.url)).status === 200, 10_000, '/readyz to say 200 again', gateway);
  await run.done;
  const counts = await tally(gateway.url, run, madeReadOnly);
  expect(gateway.child.exitCode).toBeNull();
  expectClean(counts, 40);
  report('sqlite-read-only', { messages: counts.messages, faults: 1, notReadyAfterMs, refusals: run.refusals, lost: counts.lost, doubled: counts.doubled, apologies: counts.apologies, outOfOrder: counts.outOfOrder });
}, 360_000);

it('says so loudly when the database file is removed: 503, new messages refused, every accepted one answered once', async () => {
  const file = join(dir, 'removed.db');
  gateway = await startGatewayProcess({ DATABASE_URL: `sqlite:${file}`, LOG_LEVEL: 'warn' });
  const users = Array.from({ length: 20 }, (_, index) => `rm-${index}`);
  const run = sendLoad(gateway.url, { users, perUser: 6 }, { patienceMs: 5000 });
  await until(() => run.acceptedCount() >= 40, 60_000, 'some messages accepted', gateway);

  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  const removed = Date.now();
  await until(async () => (await readiness(gateway!.url)).status === 503, 10_000, '/readyz to say 503', gateway);
  const notReadyAfterMs = Date.now() - removed;
  expect((await readiness(gateway.url)).body.problem).toMatch(/was removed/);
  await until(() => /DATABASE NOT WRITABLE: the database file .* was removed/.test(gateway!.output()), 10_000, 'the log to say so', gateway);

  // Deliveries after the removal are refused (the provider keeps them); the load gives up on those.
  await run.done.catch(() => undefined);
  const refused = await fetch(`${gateway.url}/webhooks/web`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: 'rm-late', text: 'hello', id: 'rm-late-0' }),
  });
  expect(refused.status).toBe(503);

  // What was accepted before is still answered, from the file the gateway has open.
  const accepted = run.acceptedCount();
  const counts = await tally(gateway.url, run, removed);
  expect(gateway.child.exitCode).toBeNull();
  expectClean(counts, accepted);
  expect(await fetch(`${gateway.url}/healthz`).then((res) => res.status)).toBe(200);

  // A graceful stop writes what the gateway held back to the path: the restart keeps the history.
  const before = await fetch(`${gateway.url}/webhooks/web/rm-0/messages`).then(async (res) => ((await res.json()) as { messages: unknown[] }).messages);
  expect(await gateway.stop()).toBe(0);
  expect(gateway.output()).toMatch(/written back to/);
  gateway = await startGatewayProcess({ DATABASE_URL: `sqlite:${file}`, LOG_LEVEL: 'warn' });
  const after = await fetch(`${gateway.url}/webhooks/web/rm-0/messages`).then(async (res) => ((await res.json()) as { messages: unknown[] }).messages);
  expect(after).toEqual(before);
  expect(before.length).toBeGreaterThan(0);
  report('sqlite-removed', { messages: counts.messages, faults: 1, notReadyAfterMs, refusals: run.refusals, lost: counts.lost, doubled: counts.doubled, apologies: counts.apologies, outOfOrder: counts.outOfOrder, drainedAfterRemovalMs: counts.drainedMs, historyKeptAfterGracefulRestart: true });
}, 480_000);
