import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixtureText } from '../fixtures/index.ts';
import { createSlackChannel, slackEnabled } from '../../channels/slack/index.ts';
import { signSlackRequest } from '../../channels/slack/verify.ts';
import type { AcceptResult, ChannelAdapter, Logger } from '../../src/gateway/channel.ts';
import type { InboundMessage } from '../../src/gateway/messages.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/slack-api.ts';

const SECRET = 'test-signing-secret';
const fixture = (name: string) => fixtureText('slack', name);

const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLogger };

let dir: string;
let store: SqliteStore;
let slackApi: FakeSlackApi;
let server: Server;
let baseUrl: string;
let channel: ChannelAdapter;
const accepted: InboundMessage[] = [];
const seen = new Set<string>();

/** The gateway's accept, reduced to what the adapter sees: an id and whether it was a duplicate. */
async function recordingAccept(message: InboundMessage): Promise<AcceptResult> {
  accepted.push(message);
  const duplicate = seen.has(message.providerMessageId);
  seen.add(message.providerMessageId);
  return { id: `inbox-${accepted.length}`, duplicate };
}

function signed(body: string, options: { secret?: string; timestamp?: number; headers?: Record<string, string>; contentType?: string } = {}) {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  return {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/json',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': signSlackRequest(options.secret ?? SECRET, timestamp, body),
      ...options.headers,
    },
    body,
  };
}

const postEvent = (body: string, options?: Parameters<typeof signed>[1]) => fetch(`${baseUrl}/webhooks/slack/events`, signed(body, options));
const postInteraction = (body: string, options?: Parameters<typeof signed>[1]) =>
  fetch(`${baseUrl}/webhooks/slack/interactions`, signed(body, { contentType: 'application/x-www-form-urlencoded', ...options }));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'slack-webhook-'));
  store = openSqliteStore(`sqlite:${join(dir, 'state.db')}`);
  slackApi = await startFakeSlackApi();
  slackApi.users.set('userId', { id: 'userId', locale: 'es-ES' });
  slackApi.users.set('U00FAKEUSER1', { id: 'U00FAKEUSER1', locale: 'de-DE' });
  const config = { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slackApi.url };
  channel = createSlackChannel(config, { state: store.channelState, logger: silentLogger, reportDelivery: async () => {} });
  const app = express();
  const router = express.Router();
  channel.mount(router, recordingAccept);
  app.use(router);
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await slackApi.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  accepted.length = 0;
});

describe('Slack webhook', () => {
  it('is off, with the reason, until both secrets are set', () => {
    expect(slackEnabled({ SLACK_BOT_TOKEN: undefined, SLACK_SIGNING_SECRET: undefined, SLACK_API_URL: undefined })).toMatch(/SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET/);
    expect(slackEnabled({ SLACK_BOT_TOKEN: 'x', SLACK_SIGNING_SECRET: 'y', SLACK_API_URL: undefined })).toBe(true);
  });

  it('answers url_verification with the challenge', async () => {
    const response = await postEvent(fixture('botbuilder_URLVerificationBody.json'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it('acknowledges a signed DM at once and hands it over with the Slack locale', async () => {
    const response = await postEvent(fixture('botbuilder_MessageBody.json'));
    expect(response.status).toBe(200);
    expect(accepted).toHaveLength(1);
    expect(accepted[0]).toMatchObject({ channel: 'slack', providerMessageId: 'eventId', senderAddress: 'userId', text: 'Hello', locale: 'es-ES', role: 'staff' });
    expect(slackApi.calls.filter((call) => call.method === 'users.info')).toHaveLength(1);
  });

  it('looks the locale up once, then from the cache', async () => {
    await postEvent(fixture('botbuilder_MessageBody.json'));
    await postEvent(fixture('botbuilder_MessageBody.json'));
    expect(accepted.map((message) => message.locale)).toEqual(['es-ES', 'es-ES']);
    expect(slackApi.calls.filter((call) => call.method === 'users.info' && call.args.user === 'userId')).toHaveLength(1);
  });

  it('refuses a forged signature and a stale timestamp, accepting nothing', async () => {
    const body = fixture('botbuilder_MessageBody.json');
    const forged = await postEvent(body, { secret: 'not-the-secret' });
    const stale = await postEvent(body, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    const unsigned = await fetch(`${baseUrl}/webhooks/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const tampered = await fetch(`${baseUrl}/webhooks/slack/events`, { ...signed(body), body: body.replace('Hello', 'Hullo') });
    expect([forged.status, stale.status, unsigned.status, tampered.status]).toEqual([401, 401, 401, 401]);
    expect(await stale.json()).toMatchObject({ reason: 'stale_timestamp' });
    expect(accepted).toHaveLength(0);
  });

  it('passes a Slack retry through with the same event id, for the inbox to drop', async () => {
    const body = fixture('botbuilder_MessageBody.json');
    await postEvent(body);
    const retry = await postEvent(body, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect(retry.status).toBe(200);
    expect(accepted.map((message) => message.providerMessageId)).toEqual(['eventId', 'eventId']);
  });

  it('answers a thread reply only in a thread the bot was mentioned in', async () => {
    const replay = JSON.parse(fixture('vercel_replay_mention_followup.json')) as { followUp: { event: Record<string, unknown> } };
    const strangerThread = { ...replay.followUp, event: { ...replay.followUp.event, thread_ts: '1111.2222' } };
    await postEvent(JSON.stringify(strangerThread));
    expect(accepted).toHaveLength(0);

    const mention = {
      type: 'event_callback',
      event_id: 'EvMention1',
      authorizations: [{ user_id: 'U00FAKEBOT01', is_bot: true }],
      event: { type: 'app_mention', user: 'U00FAKEUSER1', ts: '1767224888.280449', text: '<@U00FAKEBOT01> Hey', channel: 'C00FAKECHAN1' },
    };
    await postEvent(JSON.stringify(mention));
    await postEvent(JSON.stringify(replay.followUp));
    expect(accepted.map((message) => [message.text, message.conversationKey, message.locale])).toEqual([
      ['Hey', 'C00FAKECHAN1:1767224888.280449', 'de-DE'],
      ['Hi', 'C00FAKECHAN1:1767224888.280449', 'de-DE'],
    ]);
  });

  it('ignores reactions and joins with a 200, accepting nothing', async () => {
    const joins = JSON.parse(fixture('vercel_replay_member_joined_channel.json')) as { memberJoinedChannel: unknown };
    expect((await postEvent(fixture('botbuilder_ReactionAddedEvent.json'))).status).toBe(200);
    expect((await postEvent(JSON.stringify(joins.memberJoinedChannel))).status).toBe(200);
    expect(accepted).toHaveLength(0);
  });

  it('takes a signed button click through interactions', async () => {
    const response = await postInteraction(fixture('botbuilder_BlockActionsBody.txt'));
    expect(response.status).toBe(200);
    expect(accepted).toMatchObject([{ text: 'Apple', action: 'select-fruit|apple', senderAddress: 'UCJ0BJ4MP', conversationKey: '' }]);
    const forged = await postInteraction(fixture('botbuilder_BlockActionsBody.txt'), { secret: 'wrong' });
    expect(forged.status).toBe(401);
    expect(accepted).toHaveLength(1);
  });

  it('does not acknowledge what the gateway could not accept, so Slack delivers it again', async () => {
    const failing = createSlackChannel(
      { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slackApi.url },
      { state: store.channelState, logger: silentLogger, reportDelivery: async () => {} },
    );
    const app = express();
    const router = express.Router();
    failing.mount(router, async () => {
      throw new Error('database is locked');
    });
    app.use(router);
    const other = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => other.once('listening', resolve));
    const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}/webhooks/slack/events`;
    const response = await fetch(url, signed(fixture('botbuilder_MessageBody.json')));
    other.closeAllConnections();
    other.close();
    // 503 with Retry-After: the message was not stored, a redelivery can succeed.
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
  });
});
