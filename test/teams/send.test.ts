import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeamsChannel, type TeamsConfig } from '../../channels/teams/index.ts';
import { ChannelError, RateLimitError } from '../../src/errors.ts';
import type { ChannelAdapter, Logger } from '../../src/gateway/channel.ts';
import type { InboundMessage, OutboundMessage } from '../../src/gateway/messages.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.ts';
import { fixtureJson } from '../fixtures/index.ts';
import { startFakeBotConnector, type FakeBotConnector } from '../fakes/bot-connector.ts';

const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLogger };
const config: TeamsConfig = { MICROSOFT_APP_ID: undefined, MICROSOFT_APP_PASSWORD: undefined, MICROSOFT_APP_TENANT_ID: undefined, MICROSOFT_APP_TYPE: 'MultiTenant', NODE_ENV: 'test' };
const fixture = <T = Record<string, unknown>>(name: string) => fixtureJson<T>('botframework', name);

let dir: string;
let dbPath: string;
let store: SqliteStore;
let connector: FakeBotConnector;
let server: Server;
let channel: ChannelAdapter;
const accepted: InboundMessage[] = [];

const reply = (to: InboundMessage, overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
  id: `out-${Math.random()}`,
  channel: 'teams',
  recipientAddress: to.senderAddress,
  replyAddress: to.replyAddress,
  replyTo: to.providerMessageId,
  text: 'Your refund is on its way.',
  language: 'en',
  createdAt: new Date(),
  ...overrides,
});

async function deliver(body: Record<string, unknown>): Promise<InboundMessage> {
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...body, serviceUrl: connector.serviceUrl }) });
  expect(response.status).toBe(200);
  const message = accepted.at(-1);
  if (!message) throw new Error('nothing accepted');
  return message;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'teams-send-'));
  dbPath = join(dir, 'state.db');
  store = openSqliteStore(`sqlite:${dbPath}`);
  connector = await startFakeBotConnector();
  channel = createTeamsChannel(config, { state: store.channelState, logger: silentLogger, reportDelivery: async () => {} });
  const app = express();
  const router = express.Router();
  channel.mount(router, async (message) => {
    accepted.push(message);
    return { id: String(accepted.length), duplicate: false };
  });
  app.use(router);
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await connector.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Teams answers', () => {
  it('go to the conversation of the message, through the stored reference', async () => {
    const inbound = await deliver(fixture('vercel_teams_raw_message_channel_mention.json'));
    const receipt = await channel.send(reply(inbound));
    const [post] = await connector.waitForPosts(1);
    expect(post?.conversationId).toBe('19:d441d38c655c47a085215b2726e76927@thread.tacv2;messageid=1766459963017');
    expect(post?.activity).toMatchObject({ type: 'message', text: 'Your refund is on its way.', from: { id: '28:11111111-2222-3333-4444-555555555555' } });
    expect(receipt.providerMessageId).toBe('sent-1');
  });

  it('carry choices as an Adaptive Card whose submit comes back as an action', async () => {
    const inbound = await deliver(fixture<{ dmMessage: Record<string, unknown> }>('vercel_replay_teams_dm.json').dmMessage);
    await channel.send(reply(inbound, { text: 'Anything else?', choices: [{ label: 'Talk to a person', value: 'handoff' }] }));
    const post = (await connector.waitForPosts(2)).at(-1);
    expect(post?.conversationId).toMatch(/^a:17Ndit/);
    const attachments = post?.activity.attachments as { contentType: string; content: { body: { text: string }[]; actions: { type: string; title: string; data: unknown }[] } }[];
    expect(attachments[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachments[0]?.content.body[0]?.text).toBe('Anything else?');
    expect(attachments[0]?.content.actions).toEqual([{ type: 'Action.Submit', title: 'Talk to a person', data: { choice: 'handoff', label: 'Talk to a person' } }]);

    const submit = await deliver({ ...fixture<{ dmMessage: Record<string, unknown> }>('vercel_replay_teams_dm.json').dmMessage, id: 'submit-1', text: undefined, value: { choice: 'handoff', label: 'Talk to a person' } });
    expect(submit).toMatchObject({ action: 'handoff', text: 'Talk to a person', conversationKey: '' });
  });

  it('still go out after a restart: a new adapter on the same state file', async () => {
    const inbound = await deliver(fixture('vercel_teams_raw_message_channel_followup.json'));
    const reopened = openSqliteStore(`sqlite:${dbPath}`);
    try {
      const restarted = createTeamsChannel(config, { state: reopened.channelState, logger: silentLogger, reportDelivery: async () => {} });
      const before = connector.posts.length;
      await restarted.send(reply(inbound, { text: 'After the restart' }));
      const post = (await connector.waitForPosts(before + 1)).at(-1);
      expect(post?.conversationId).toBe(inbound.replyAddress);
      expect(post?.activity.text).toBe('After the restart');
    } finally {
      await reopened.close();
    }
  });

  it('refuse, without retry, a conversation never seen', async () => {
    const error = await channel.send({ ...reply(accepted[0] as InboundMessage), replyAddress: 'a:unknown' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChannelError);
    expect((error as ChannelError).retryable).toBe(false);
  });

  it('report a 429 as RateLimitError, 5xx as retryable and 403 as final', async () => {
    const inbound = accepted[0] as InboundMessage;
    connector.rateLimit(1, 3);
    const limited = await channel.send(reply(inbound)).catch((caught: unknown) => caught);
    expect(limited).toBeInstanceOf(RateLimitError);
    expect((limited as RateLimitError).retryAfterMs).toBe(3000);

    connector.fail(1, 502);
    const unavailable = await channel.send(reply(inbound)).catch((caught: unknown) => caught);
    expect((unavailable as ChannelError).retryable).toBe(true);

    connector.fail(1, 403);
    const forbidden = await channel.send(reply(inbound)).catch((caught: unknown) => caught);
    expect(forbidden).toBeInstanceOf(ChannelError);
    expect((forbidden as ChannelError).retryable).toBe(false);
  });
});
