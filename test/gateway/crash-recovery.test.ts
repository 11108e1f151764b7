import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { startGatewayProcess, type GatewayProcess } from '../helpers/gateway-process.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { webClient } from '../helpers/web-client.ts';

const dir = tempDir();
const env = {
  DATABASE_URL: `sqlite:${join(dir, 'crash.db')}`,
  // One turn at a time builds a backlog under load, so the kill lands with work in flight.
  DISPATCH_CONCURRENCY: '1',
  LOG_LEVEL: 'warn',
};
let running: GatewayProcess | undefined;
afterAll(async () => {
  await running?.kill();
});

it('answers every accepted message exactly once after kill -9 mid-load and a restart', async () => {
  running = await startGatewayProcess(env);
  const web = webClient(running.url);
  const users = Array.from({ length: 12 }, (_, index) => `crash-user-${index}`);
  const texts = ['where is my refund?', 'when is my next payment due?', 'hello', 'where is my order?'];
  const planned = users.flatMap((user) => texts.map((text, index) => ({ user, text, id: `${user}-${index}` })));
  const accepted = new Set<string>();

  // Each user sends in order; all users at once. The kill comes while this runs.
  const sending = Promise.all(
    users.map(async (user) => {
      for (const message of planned.filter((m) => m.user === user)) {
        try {
          await web.send(message.user, message.text, message.id);
          accepted.add(message.id);
        } catch {
          return; // The gateway died under us: the provider will deliver the rest again.
        }
      }
    }),
  );
  while (accepted.size < planned.length / 2) await new Promise((resolve) => setTimeout(resolve, 5));
  await running.kill();
  await sending;

  const db = new Database(join(dir, 'crash.db'), { readonly: true });
  const pending = (db.prepare("SELECT count(*) AS n FROM inbox WHERE status = 'pending'").get() as { n: number }).n;
  db.close();
  expect(pending).toBeGreaterThan(0);

  running = await startGatewayProcess(env);
  const again = webClient(running.url);
  // A provider redelivers what it did not see acknowledged; what was accepted is deduplicated.
  for (const message of planned) await again.send(message.user, message.text, message.id);

  for (const user of users) {
    const ids = planned.filter((m) => m.user === user).map((m) => m.id);
    const replies = await again.waitForReplies(user, (list) => ids.every((id) => list.some((r) => r.replyTo === id)), 30_000);
    for (const id of ids) expect(replies.filter((r) => r.replyTo === id), `replies to ${id}`).toHaveLength(1);
    expect(replies.map((r) => r.replyTo)).toEqual(ids);
  }
  expect(await running.stop()).toBe(0);
  running = undefined;
}, 300_000);
