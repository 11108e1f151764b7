import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../app/config.ts';
import { ChannelError } from '../../src/errors.ts';
import type { ChannelAdapter } from '../../src/gateway/channel.ts';
import type { OutboundMessage } from '../../src/gateway/messages.ts';
import { createLogger } from '../../src/log.ts';
import { createRuntime, type Runtime } from '../../app/runtime.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { until } from './harness.ts';

/*
 * Handoff needs a channel that can reach the person later. One that can only answer a message
 * as it arrives refuses handoff plainly and the assistant carries on; and a rating is stored
 * only when the rating question really reached the person.
 */
const dir = tempDir('switchboard-reach-');
const USER = '+46701234567';
let runtime: Runtime | undefined;
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
});

/** A terminal-like channel: replies land in `received`; `push` and `send` say what it can do. */
function channel(options: { push: boolean; send?: (message: OutboundMessage) => Promise<void> }) {
  const received: OutboundMessage[] = [];
  const adapter: ChannelAdapter = {
    id: 'cli',
    limits: { maxTextLength: 10_000, richText: false, buttons: false, push: options.push },
    mount() {},
    async send(message) {
      await options.send?.(message);
      received.push(message);
      return { providerMessageId: message.id };
    },
  };
  return { adapter, received };
}

async function start(adapter: ChannelAdapter): Promise<Runtime> {
  const config = loadConfig({ DATABASE_URL: `sqlite:${join(dir, `${randomUUID()}.db`)}`, LOG_LEVEL: 'silent', CONSOLE_TOKEN: 'reach-console-token', TURN_WORKERS: '0' });
  runtime = await createRuntime(config, { logger: createLogger({ level: 'silent' }), only: [], extraChannels: [adapter] });
  await runtime.gateway.start();
  return runtime;
}

async function say(text: string): Promise<void> {
  await runtime!.gateway.accept({ channel: 'cli', providerMessageId: randomUUID(), senderAddress: USER, text, receivedAt: new Date() });
  await runtime!.gateway.idle();
}

describe('handoff and the reach of a channel', () => {
  it('a channel that cannot receive later messages refuses handoff with a clear message, and the assistant carries on', async () => {
    const { adapter, received } = channel({ push: false });
    const { handoff } = await start(adapter);
    await say('I want to talk to a person');
    expect(received.at(-1)?.text).toContain("A person can't reply to you here");
    expect(received.at(-1)?.text).not.toContain('in line');
    expect(received.at(-1)?.meta).toMatchObject({ handoffRefused: true, escalated: false });
    expect(await handoff!.service.tickets.list({ statuses: ['waiting', 'assigned', 'resolved', 'abandoned'] })).toEqual([]);

    // Not paused: the next question is answered by the assistant, and a bare "5" is no rating.
    await say('when is my next payment due?');
    expect(received.at(-1)?.meta).toMatchObject({ route: 'payments' });
    await say('5');
    expect(received.at(-1)?.meta?.intent).not.toBe('rating');
  });

  it('stores no rating when the rating question never reached the person', async () => {
    let reachable = true;
    const { adapter, received } = channel({
      push: true,
      send: async () => {
        if (!reachable) throw new ChannelError('the terminal is gone', false);
      },
    });
    const { handoff } = await start(adapter);
    await say('I want to talk to a person');
    const [ticket] = await handoff!.service.tickets.list({ statuses: ['waiting'] });
    expect(ticket).toBeDefined();
    // The person's channel stops accepting messages; the agent resolves; the rating question fails to go out.
    reachable = false;
    await handoff!.service.resolve(ticket!.id, { id: 'ana', queues: [ticket!.queue], supervisor: true }, undefined);
    await until('the comeback turn', async () => (await handoff!.service.tickets.get(ticket!.id))?.resumedBy !== undefined);
    await runtime!.gateway.idle();
    expect(received.some((message) => message.text.includes('from 1 (poor) to 5 (excellent)'))).toBe(false);

    reachable = true;
    await say('5');
    expect((await handoff!.service.tickets.get(ticket!.id))?.rating).toBeUndefined();
  });

  it('stores the rating when the question was delivered', async () => {
    const { adapter, received } = channel({ push: true });
    const { handoff } = await start(adapter);
    await say('I want to talk to a person');
    const [ticket] = await handoff!.service.tickets.list({ statuses: ['waiting'] });
    await handoff!.service.resolve(ticket!.id, { id: 'ana', queues: [ticket!.queue], supervisor: true }, 'Done.');
    await until('the rating question', () => received.some((message) => message.text.includes('from 1 (poor) to 5 (excellent)')));
    await say('5');
    expect((await handoff!.service.tickets.get(ticket!.id))?.rating).toBe(5);
  });
});
