import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTeamsChannel, teamsEnabled, WELCOME_ACTION, type TeamsConfig } from '../../channels/teams/index.ts';
import type { AcceptResult, ChannelAdapter, Logger } from '../../src/gateway/channel.ts';
import type { InboundMessage } from '../../src/gateway/messages.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.ts';
import { fixtureJson } from '../fixtures/index.ts';
import { startFakeBotConnector, type FakeBotConnector } from '../fakes/bot-connector.ts';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const fixture = <T = Record<string, unknown>>(name: string) => fixtureJson<T>('botframework', name);

interface Logged {
  level: string;
  msg?: string;
}
function recordingLogger(lines: Logged[]): Logger {
  const logger: Logger = {
    debug: (_, msg) => void lines.push({ level: 'debug', msg }),
    info: (_, msg) => void lines.push({ level: 'info', msg }),
    warn: (_, msg) => void lines.push({ level: 'warn', msg }),
    error: (_, msg) => void lines.push({ level: 'error', msg }),
    child: () => logger,
  };
  return logger;
}

let dir: string;
let store: SqliteStore;
let connector: FakeBotConnector;
const servers: Server[] = [];
const accepted: InboundMessage[] = [];
const accept = async (message: InboundMessage): Promise<AcceptResult> => {
  accepted.push(message);
  return { id: `inbox-${accepted.length}`, duplicate: false };
};

const baseConfig: TeamsConfig = {
  MICROSOFT_APP_ID: undefined,
  MICROSOFT_APP_PASSWORD: undefined,
  MICROSOFT_APP_TENANT_ID: undefined,
  MICROSOFT_APP_TYPE: 'MultiTenant',
  NODE_ENV: 'test',
};

async function serve(channel: ChannelAdapter): Promise<string> {
  const app = express();
  const router = express.Router();
  channel.mount(router, accept);
  app.use(router);
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
}

/** A fixture activity, as the connector at `serviceUrl` would send it. */
const activity = (name: string, pick?: string) => {
  const data = fixture<Record<string, Record<string, unknown>>>(name);
  return { ...(pick ? data[pick] : data), serviceUrl: connector.serviceUrl } as Record<string, unknown>;
};

const post = (url: string, body: unknown, token?: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'teams-webhook-'));
  store = openSqliteStore(`sqlite:${join(dir, 'state.db')}`);
  connector = await startFakeBotConnector();
});

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
  await connector.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  accepted.length = 0;
});

const ctx = (lines: Logged[] = []) => ({ state: store.channelState, logger: recordingLogger(lines), reportDelivery: async () => {} });

describe('Teams without an app id (local development)', () => {
  it('runs open and says so loudly at start', async () => {
    const lines: Logged[] = [];
    createTeamsChannel(baseConfig, ctx(lines));
    expect(lines.some((line) => line.level === 'warn' && /WITHOUT AUTHENTICATION/.test(line.msg ?? ''))).toBe(true);
    expect(teamsEnabled({ MICROSOFT_APP_ID: undefined, NODE_ENV: 'production' })).toMatch(/MICROSOFT_APP_ID not set/);
    expect(teamsEnabled({ MICROSOFT_APP_ID: APP_ID, NODE_ENV: 'production' })).toBe(true);
  });

  it('accepts every fixture message, the welcome, and nothing from reactions', async () => {
    const url = await serve(createTeamsChannel(baseConfig, ctx()));
    const sent = [
      activity('vercel_teams_raw_message_channel_mention.json'),
      activity('vercel_teams_raw_message_channel_followup.json'),
      activity('vercel_replay_teams_dm.json', 'dmMessage'),
      activity('vercel_replay_teams_actions_reactions.json', 'action'),
      activity('vercel_teams_raw_conversationUpdate.json'),
      activity('vercel_replay_teams_actions_reactions.json', 'reaction'),
      activity('vercel_teams_raw_installationUpdate.json'),
    ];
    for (const body of sent) expect((await post(url, body)).status).toBe(200);
    expect(accepted.map((message) => [message.text, message.action ?? null])).toEqual([
      ['test', null],
      ['test', null],
      ['Hey', null],
      ['', '{"actionId":"info"}'],
      ['', WELCOME_ACTION],
    ]);
  });

  it('refuses what is not an activity', async () => {
    const url = await serve(createTeamsChannel(baseConfig, ctx()));
    expect((await post(url, { hello: 'world' })).status).toBe(400);
    expect(accepted).toHaveLength(0);
  });

  it('answers only a loopback or Bot Framework serviceUrl: an activity naming any other host is refused and stored nowhere', async () => {
    const url = await serve(createTeamsChannel(baseConfig, ctx()));
    const dm = activity('vercel_replay_teams_dm.json', 'dmMessage');
    const before = connector.posts.length;
    for (const serviceUrl of ['https://attacker.example/', 'http://169.254.169.254/', 'http://smba.trafficmanager.net/emea/', 'https://smba.trafficmanager.net.attacker.example/']) {
      const response = await post(url, { ...dm, id: `evil-${serviceUrl.length}`, serviceUrl });
      expect(response.status, serviceUrl).toBe(400);
      expect(((await response.json()) as { error: string }).error).toBe('untrusted_service_url');
    }
    expect(accepted).toHaveLength(0);
    expect(connector.posts.length).toBe(before);
    expect((await post(url, dm)).status).toBe(200);
    expect(accepted).toHaveLength(1);
  });

  it('answers 503 with Retry-After when the message cannot be stored, so the connector delivers it again', async () => {
    const app = express();
    const router = express.Router();
    createTeamsChannel(baseConfig, ctx()).mount(router, async () => {
      throw new Error('database is locked');
    });
    app.use(router);
    const failing = app.listen(0, '127.0.0.1');
    servers.push(failing);
    await new Promise((resolve) => failing.once('listening', resolve));
    const response = await post(`http://127.0.0.1:${(failing.address() as AddressInfo).port}/api/messages`, activity('vercel_replay_teams_dm.json', 'dmMessage'));
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
  });

  it('never sends to a stored reference whose serviceUrl is not trusted', async () => {
    const channel = createTeamsChannel(baseConfig, ctx());
    await store.channelState.set('teams', 'ref:conv-evil', { serviceUrl: 'https://attacker.example/', conversation: { id: 'conv-evil' }, channelId: 'msteams', bot: { id: 'b' }, user: { id: 'u' } });
    const before = connector.posts.length;
    await expect(channel.send({ id: 'o1', channel: 'teams', recipientAddress: 'u', replyAddress: 'conv-evil', text: 'hi', language: 'en', createdAt: new Date() })).rejects.toMatchObject({ code: 'teams_untrusted_service_url', retryable: false });
    expect(connector.posts.length).toBe(before);
  });
});

describe('Teams with an app id', () => {
  let url: string;
  const config: TeamsConfig = { ...baseConfig, MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'secret' };

  beforeAll(async () => {
    url = await serve(createTeamsChannel({ ...config, MICROSOFT_OPENID_METADATA_URL: connector.openIdMetadataUrl }, ctx()));
  });

  it('accepts a token signed by a published Bot Framework key', async () => {
    const response = await post(url, activity('vercel_replay_teams_dm.json', 'dmMessage'), connector.signToken(APP_ID));
    expect(response.status).toBe(200);
    expect(accepted).toMatchObject([{ text: 'Hey', role: 'merchant' }]);
  });

  it('refuses no token, a malformed token and a forged one, accepting nothing', async () => {
    const body = activity('vercel_replay_teams_dm.json', 'dmMessage');
    const statuses = [
      (await post(url, body)).status,
      (await post(url, body, 'not.a.jwt')).status,
      (await post(url, body, '')).status,
      (await post(url, body, connector.signToken(APP_ID, { wrongKey: true }))).status,
      (await post(url, body, connector.signToken(APP_ID, { kid: 'unknown-key' }))).status,
      (await post(url, body, connector.signToken('another-bot'))).status,
      (await post(url, body, connector.signToken(APP_ID, { expiresInSeconds: -3600 }))).status,
      (await post(url, body, connector.signToken(APP_ID, { serviceUrl: 'https://elsewhere.test/' }))).status,
    ];
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 401]);
    expect(accepted).toHaveLength(0);
  });

  it('refuses everything when the signing keys cannot be fetched (fail closed)', async () => {
    const unreachable = await serve(createTeamsChannel({ ...config, MICROSOFT_OPENID_METADATA_URL: 'http://127.0.0.1:9/openid' }, ctx()));
    const body = activity('vercel_replay_teams_dm.json', 'dmMessage');
    expect((await post(unreachable, body, connector.signToken(APP_ID))).status).toBe(401);
    expect(accepted).toHaveLength(0);
  });
});
