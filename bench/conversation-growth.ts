import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../app/config.ts';
import { createLogger } from '../src/log.ts';
import { createRuntime } from '../app/runtime.ts';
import { createCliChannel } from '../channels/cli/index.ts';

const TEXTS = ['where is my refund for order 1042?', 'when is my next payment due?', 'thanks', 'where is my order?'];

/** Milliseconds per turn near the start and near the end of one long conversation. */
export async function conversationGrowth(dir: string, turns = 500): Promise<{ firstMs: number; lastMs: number; ratio: number }> {
  const config = loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'growth.db')}`, LOG_LEVEL: 'silent' });
  const runtime = await createRuntime(config, { logger: createLogger({ level: 'silent' }), extraChannels: [createCliChannel((reply) => reply.meta?.error === true && failures++)], only: [] });
  let failures = 0;
  await runtime.gateway.start();
  const say = async (user: string, index: number) => {
    const started = performance.now();
    await runtime.gateway.accept({
      channel: 'cli',
      providerMessageId: randomUUID(),
      senderAddress: user,
      text: TEXTS[index % TEXTS.length]!,
      receivedAt: new Date(),
    });
    await runtime.gateway.idle();
    return performance.now() - started;
  };
  for (let index = 0; index < 200; index++) await say('+46700000000', index); // warm up the JIT on another thread
  const times: number[] = [];
  for (let index = 0; index < turns; index++) times.push(await say('+46701234567', index));
  await runtime.close();
  // A failed turn is answered with an apology in no time: timing those would measure nothing.
  if (failures > 0) throw new Error(`${failures} turns failed during the conversation benchmark; its figures would be meaningless`);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const firstMs = median(times.slice(0, 20));
  const lastMs = median(times.slice(-20));
  return { firstMs, lastMs, ratio: lastMs / firstMs };
}
