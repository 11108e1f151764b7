import { afterAll, beforeAll, expect, it } from 'vitest';
import { startGatewayProcess, type GatewayProcess } from '../helpers/gateway-process.ts';
import { webClient, type WebReply } from '../helpers/web-client.ts';
import { freshDatabase } from './database.ts';

let database: Awaited<ReturnType<typeof freshDatabase>>;
const replicas: (GatewayProcess | undefined)[] = [];

beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  for (const replica of replicas) await replica?.kill();
  await database.drop();
});

it('answers every message exactly once, in order per thread, across three replicas with one killed mid-load', async () => {
  const env = { DATABASE_URL: database.url, LEASE_MS: '2000', LOG_LEVEL: 'warn', DISPATCH_CONCURRENCY: '16' };
  // Start one first so the others find the schema migrated (they would also wait on the migration lock).
  replicas.push(await startGatewayProcess(env));
  replicas.push(...(await Promise.all([startGatewayProcess(env), startGatewayProcess(env)])));
  const users = Array.from({ length: 150 }, (_, index) => `cluster-${index}`);
  const perUser = 8;
  const texts = ['where is my refund?', 'when is my next payment due?', 'hello', 'where is my order?', 'thanks'];
  let accepted = 0;
  let killed = false;

  const liveReplica = (seed: number) => {
    const live = replicas.filter((replica): replica is GatewayProcess => replica !== undefined);
    return live[seed % live.length]!;
  };
  /** A provider's delivery: a random replica; on failure, again to another one, same id. */
  const deliver = async (user: string, text: string, id: string) => {
    for (let attempt = 0; ; attempt++) {
      const replica = liveReplica(Math.floor(Math.random() * 1000) + attempt);
      try {
        await webClient(replica.url).send(user, text, id);
        return;
      } catch (error) {
        if (attempt > 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };

  const sending = (async () => {
    const queue = [...users];
    await Promise.all(
      Array.from({ length: 30 }, async () => {
        for (let user = queue.shift(); user; user = queue.shift()) {
          for (let index = 0; index < perUser; index++) {
            await deliver(user, texts[index % texts.length]!, `${user}-${index}`);
            accepted++;
          }
        }
      }),
    );
  })();
  while (accepted < (users.length * perUser) / 3) await new Promise((resolve) => setTimeout(resolve, 10));
  await replicas[0]!.kill();
  replicas[0] = undefined;
  killed = true;
  await sending;
  expect(killed).toBe(true);

  // A provider that saw no acknowledgement delivers again; resend everything once more to random replicas.
  for (const user of users) for (let index = 0; index < perUser; index++) await deliver(user, texts[index % texts.length]!, `${user}-${index}`);

  const reader = webClient(liveReplica(0).url);
  for (const user of users) {
    const ids = Array.from({ length: perUser }, (_, index) => `${user}-${index}`);
    const replies: WebReply[] = await reader.waitForReplies(user, (list) => ids.every((id) => list.some((r) => r.replyTo === id)), 60_000);
    for (const id of ids) expect(replies.filter((r) => r.replyTo === id), `replies to ${id}`).toHaveLength(1);
    expect(replies.map((r) => r.replyTo), `order of ${user}`).toEqual(ids);
  }
}, 240_000);
