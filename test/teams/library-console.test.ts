import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTeamsChannel } from '../../channels/teams/index.ts';
import type { Logger } from '../../src/gateway/channel.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.ts';
import { fixtureJson } from '../fixtures/index.ts';
import { startFakeBotConnector, type FakeBotConnector } from '../fakes/bot-connector.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/*
 * botframework-connector prints to console.error while it checks a token: a whole stack for an
 * expired token, every published signing key as PEM for a forged one. An operator's terminal
 * and log shipper must see none of it; the project's logger gets one short line instead.
 * Its own file: the console is patched once per process, and this test watches it from the start.
 */
const APP_ID = '11111111-2222-3333-4444-555555555555';
const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
const consoleWarn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
const logged: { level: string; fields: Record<string, unknown>; msg?: string }[] = [];
const logger: Logger = {
  debug: (fields, msg) => void logged.push({ level: 'debug', fields: fields as Record<string, unknown>, msg }),
  info: (fields, msg) => void logged.push({ level: 'info', fields: fields as Record<string, unknown>, msg }),
  warn: (fields, msg) => void logged.push({ level: 'warn', fields: fields as Record<string, unknown>, msg }),
  error: (fields, msg) => void logged.push({ level: 'error', fields: fields as Record<string, unknown>, msg }),
  child: () => logger,
};

let connector: FakeBotConnector;
let store: SqliteStore;
let server: Server;
let url: string;

beforeAll(async () => {
  connector = await startFakeBotConnector();
  store = openSqliteStore(`sqlite:${join(tempDir(), 'state.db')}`);
  const channel = createTeamsChannel(
    { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'secret', MICROSOFT_APP_TENANT_ID: undefined, MICROSOFT_APP_TYPE: 'MultiTenant', NODE_ENV: 'test', MICROSOFT_OPENID_METADATA_URL: connector.openIdMetadataUrl },
    { state: store.channelState, logger, reportDelivery: async () => {} },
  );
  const app = express();
  const router = express.Router();
  channel.mount(router, async () => ({ id: 'x', duplicate: false }));
  app.use(router);
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
});
afterAll(async () => {
  server?.closeAllConnections();
  server?.close();
  await connector?.close();
  await store?.close();
  consoleError.mockRestore();
  consoleWarn.mockRestore();
});

describe('the Bot Framework library console output', () => {
  it('goes to the logger as one key-free line, never to the console', async () => {
    const data = fixtureJson<Record<string, Record<string, unknown>>>('botframework', 'vercel_replay_teams_dm.json');
    const body = JSON.stringify({ ...data.dmMessage, serviceUrl: connector.serviceUrl });
    const post = (token: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
    expect((await post(connector.signToken(APP_ID, { expiresInSeconds: -3600 }))).status).toBe(401);
    expect((await post(connector.signToken(APP_ID, { wrongKey: true }))).status).toBe(401);

    expect(consoleError).not.toHaveBeenCalled();
    expect(consoleWarn).not.toHaveBeenCalled();
    const library = logged.filter((line) => line.fields.library === 'botframework');
    expect(library.length).toBeGreaterThanOrEqual(2);
    for (const line of library) {
      expect(line.level).toBe('debug');
      const detail = String(line.fields.detail);
      expect(detail).not.toContain('\n');
      expect(detail).not.toMatch(/BEGIN|MII|at .*\.js/);
      expect(detail.length).toBeLessThanOrEqual(200);
    }
    expect(library.map((line) => line.fields.detail).join(' ')).toMatch(/TokenExpiredError|Error finding key/);
  });

  it('leaves console output outside a Bot Framework call alone', () => {
    console.error('an unrelated message');
    expect(consoleError).toHaveBeenCalledWith('an unrelated message');
  });
});
