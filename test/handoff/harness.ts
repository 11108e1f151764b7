import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { signSlackRequest } from '../../channels/slack/verify.ts';
import { loadConfig } from '../../app/config.ts';
import { createLogger } from '../../src/log.ts';
import { createRuntime, type Runtime } from '../../app/runtime.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/slack-api.ts';
import { signedTwilioWebhook, smsParams, startFakeTwilioApi, whatsAppParams, type FakeTwilioApi } from '../fakes/twilio-api.ts';
import { tempDir } from '../helpers/temp-dir.ts';

export const ACCOUNT_SID = 'AC33333333333333333333333333333333';
export const AUTH_TOKEN = 'handoff-auth-token';
export const WHATSAPP_FROM = '+14155238886';
/** The rig's SMS number (set with `startRig({ TWILIO_SMS_FROM: SMS_FROM })`). */
export const SMS_FROM = '+14155550100';
export const PUBLIC_URL = 'https://switchboard.example.com';
export const SLACK_SECRET = 'handoff-signing-secret';
export const CONSOLE_TOKEN = 'console-token-0123456789';
export const QUEUE_CHANNEL = 'CQUEUE1';
export const WEBHOOK_SECRET = 'webhook-secret-abcdef';

/** A local receiver for outbound `ticket.*` webhooks. */
export interface WebhookReceiver {
  url: string;
  received: { headers: IncomingHttpHeaders; body: string }[];
  /** Answer this status to the next `count` requests (to test retries). */
  failNext(count: number, status?: number): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: WebhookReceiver['received'] = [];
  let failures = 0;
  let failStatus = 500;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (failures > 0) {
        failures--;
        response.writeHead(failStatus).end();
        return;
      }
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    failNext: (count, status = 500) => {
      failures = count;
      failStatus = status;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface Rig {
  url: string;
  runtime: Runtime;
  twilio: FakeTwilioApi;
  slack: FakeSlackApi;
  hooks: WebhookReceiver;
  dir: string;
  /** Stops the gateway (graceful) and starts a new one on the same database file. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** The whole gateway (WhatsApp + Slack + handoff) on a temp SQLite file, against local fakes. */
export async function startRig(extraEnv: Record<string, string> = {}): Promise<Rig> {
  const dir = tempDir('switchboard-handoff-');
  const twilio = await startFakeTwilioApi({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  const slack = await startFakeSlackApi();
  const hooks = await startWebhookReceiver();
  const env: Record<string, string> = {
    DATABASE_URL: `sqlite:${join(dir, 'gateway.db')}`,
    LOG_LEVEL: 'silent',
    PORT: '0',
    PUBLIC_URL,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_WHATSAPP_FROM: `whatsapp:${WHATSAPP_FROM}`,
    TWILIO_API_URL: twilio.url,
    SLACK_BOT_TOKEN: 'xoxb-handoff',
    SLACK_SIGNING_SECRET: SLACK_SECRET,
    SLACK_API_URL: slack.url,
    CONSOLE_TOKEN,
    HANDOFF_SLACK_CHANNEL: QUEUE_CHANNEL,
    HANDOFF_SWEEP_MS: '100',
    HANDOFF_WEBHOOK_URL: hooks.url,
    HANDOFF_WEBHOOK_SECRET: WEBHOOK_SECRET,
    ...extraEnv,
  };
  let server: Server | undefined;
  let runtime: Runtime | undefined;
  const rig = {
    url: '',
    twilio,
    slack,
    hooks,
    dir,
  } as Rig;
  const boot = async () => {
    const config = loadConfig(env);
    runtime = await createRuntime(config, { logger: createLogger({ level: 'silent' }) });
    await runtime.gateway.start();
    server = await new Promise<Server>((resolve) => {
      const listening = runtime!.app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    rig.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    rig.runtime = runtime;
  };
  const shutdown = async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await runtime?.close();
  };
  rig.restart = async () => {
    await shutdown();
    await boot();
  };
  rig.close = async () => {
    await shutdown();
    await twilio.close();
    await slack.close();
    await hooks.close();
  };
  await boot();
  return rig;
}

/** A customer's WhatsApp message, signed as Twilio signs it. */
export async function customerSays(rig: Rig, from: string, text: string, sid: string): Promise<number> {
  const path = '/webhooks/twilio/whatsapp';
  const request = signedTwilioWebhook(`${PUBLIC_URL}${path}`, whatsAppParams(from, WHATSAPP_FROM, text, sid, 'Maya Lind'), AUTH_TOKEN);
  return (await fetch(`${rig.url}${path}`, { method: 'POST', body: request.body, headers: request.headers })).status;
}

/** A customer's SMS, signed as Twilio signs it (the rig needs `TWILIO_SMS_FROM: SMS_FROM`). */
export async function customerTexts(rig: Rig, from: string, text: string, sid: string): Promise<number> {
  const path = '/webhooks/twilio/sms';
  const request = signedTwilioWebhook(`${PUBLIC_URL}${path}`, smsParams(from, SMS_FROM, text, sid), AUTH_TOKEN);
  return (await fetch(`${rig.url}${path}`, { method: 'POST', body: request.body, headers: request.headers })).status;
}

/** A Slack user's direct message to the app, as the Events API delivers it. */
export async function staffWritesDirect(rig: Rig, user: string, channel: string, text: string, eventId: string): Promise<number> {
  const body = JSON.stringify({
    type: 'event_callback',
    event_id: eventId,
    team_id: 'T1',
    authorizations: [{ user_id: 'UBOT', is_bot: true }],
    event: { type: 'message', channel_type: 'im', channel, user, ts: `${Date.now() / 1000}`, text },
  });
  return (await fetch(`${rig.url}/webhooks/slack/events`, { method: 'POST', headers: signed(body, 'application/json'), body })).status;
}

function signed(body: string, contentType: string) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return { 'content-type': contentType, 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signSlackRequest(SLACK_SECRET, timestamp, body) };
}

/** A Slack user's message in a channel thread, as the Events API delivers it. */
export async function agentWritesInThread(rig: Rig, user: string, threadTs: string, text: string, eventId: string): Promise<number> {
  const body = JSON.stringify({
    type: 'event_callback',
    event_id: eventId,
    team_id: 'T1',
    authorizations: [{ user_id: 'UBOT', is_bot: true }],
    event: { type: 'message', channel_type: 'channel', channel: QUEUE_CHANNEL, user, ts: `${Date.now() / 1000}`, thread_ts: threadTs, text },
  });
  return (await fetch(`${rig.url}/webhooks/slack/events`, { method: 'POST', headers: signed(body, 'application/json'), body })).status;
}

/** A click on a button of the ticket's Slack message. */
export async function agentClicks(rig: Rig, user: string, name: string, messageTs: string, value: string, triggerId: string): Promise<number> {
  const payload = {
    type: 'block_actions',
    trigger_id: triggerId,
    user: { id: user, name },
    team: { id: 'T1' },
    channel: { id: QUEUE_CHANNEL },
    container: { type: 'message', channel_id: QUEUE_CHANNEL, message_ts: messageTs },
    message: { ts: messageTs },
    actions: [{ action_id: 'choice_0', value, text: { type: 'plain_text', text: value }, action_ts: `${Date.now() / 1000}` }],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return (await fetch(`${rig.url}/webhooks/slack/interactions`, { method: 'POST', headers: signed(body, 'application/x-www-form-urlencoded'), body })).status;
}

/** The REST API with the console token. */
export async function api<T = Record<string, unknown>>(rig: Rig, path: string, init: { method?: string; body?: unknown; token?: string | null; agentName?: string } = {}): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.token !== null) headers.authorization = `Bearer ${init.token ?? CONSOLE_TOKEN}`;
  if (init.agentName) headers['x-agent-name'] = init.agentName;
  const response = await fetch(`${rig.url}/api/handoff${path}`, { method: init.method ?? 'GET', headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as T };
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
