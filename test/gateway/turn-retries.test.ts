/**
 * What a person gets when a turn fails: a database fault is never their problem (the message
 * waits and is answered for real once the database is back), and the assistant failing is
 * answered with an apology only after its last try.
 */
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createCliChannel } from '../../channels/cli/index.ts';
import { Gateway } from '../../src/gateway/gateway.ts';
import type { OutboundMessage } from '../../src/gateway/messages.ts';
import type { TurnOutcome } from '../../src/gateway/turn.ts';
import { createLogger } from '../../src/log.ts';
import { createMetrics } from '../../src/server/metrics.ts';
import { StoreUnavailableError } from '../../src/store/faults.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.ts';
import type { InboxItem } from '../../src/store/types.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { until } from '../helpers/fault-load.ts';

let running: { gateway: Gateway; store: SqliteStore } | undefined;
afterEach(async () => {
  await running?.gateway.stop();
  running?.store.close();
  running = undefined;
});

/** A gateway whose turns fail as `fail(attempt)` says before answering "answer to <text>". */
async function gatewayWith(fail: (attempt: number) => Error | undefined) {
  const store = openSqliteStore(`sqlite:${join(tempDir(), 'retries.db')}`);
  const sent: OutboundMessage[] = [];
  const calls: number[] = [];
  const metrics = createMetrics();
  const turns = {
    async run(item: InboxItem): Promise<TurnOutcome> {
      calls.push(item.seq);
      const error = fail(calls.length);
      if (error) throw error;
      const meta = { route: 'general', intent: 'greeting', confidence: 1, escalated: false, tools: [] };
      return {
        result: { replies: [{ text: `answer to ${item.message.text}` }], language: 'en', languageChosen: false, meta },
        replies: [{ text: `answer to ${item.message.text}`, channel: 'cli', recipientAddress: item.message.senderAddress, replyTo: item.message.providerMessageId, language: 'en', meta }],
      };
    },
    close: async () => {},
  };
  const gateway = new Gateway({
    store,
    turns,
    channels: [createCliChannel((message) => void sent.push(message))],
    logger: createLogger({ level: 'silent' }),
    metrics,
    concurrency: 4,
    leaseMs: 5000,
    mergePhoneChannels: true,
    outboxMaxAttempts: 3,
    retryBaseMs: 10,
    retryMaxMs: 50,
  });
  await gateway.start();
  running = { gateway, store };
  const say = (id: string, text: string) => gateway.accept({ channel: 'cli', providerMessageId: id, senderAddress: 'local-user', text, receivedAt: new Date() });
  return { gateway, store, sent, calls, metrics, say };
}

it('waits out database faults and answers for real, however many tries it takes', async () => {
  const { sent, calls, metrics, say, store } = await gatewayWith((attempt) => (attempt <= 5 ? new StoreUnavailableError('SqliteError: database is locked') : undefined));
  await say('q1', 'where is my parcel?');
  await until(() => sent.length === 1, 10_000, 'the reply');
  expect(sent.map((message) => message.text)).toEqual(['answer to where is my parcel?']);
  expect(calls).toHaveLength(6);
  expect((await metrics.turnRetries.get()).values).toEqual([expect.objectContaining({ labels: { reason: 'store' }, value: 5 })]);
  // Database faults never count towards the apology.
  expect((store.db.prepare('SELECT attempts FROM inbox').get() as { attempts: number }).attempts).toBe(0);
});

it('tries a turn the assistant fails again, and answers for real when a later try works', async () => {
  const { sent, calls, say } = await gatewayWith((attempt) => (attempt <= 2 ? new Error('model exploded') : undefined));
  await say('q1', 'hello');
  await until(() => sent.length === 1, 10_000, 'the reply');
  expect(sent[0]!.text).toBe('answer to hello');
  expect(calls).toHaveLength(3);
});

it('apologises once, only after the assistant failed on every try, and goes on with the next message', async () => {
  const { sent, calls, say } = await gatewayWith((attempt) => (attempt <= 3 ? new Error('model exploded') : undefined));
  await say('q1', 'hello');
  await say('q2', 'are you there?');
  await until(() => sent.length === 2, 10_000, 'two replies');
  expect(calls).toHaveLength(4);
  expect(sent.map((message) => [message.replyTo, message.meta?.error === true])).toEqual([
    ['q1', true],
    ['q2', false],
  ]);
  expect(sent[0]!.text).toMatch(/Sorry, something went wrong/);
});
