/**
 * Carrier keywords through the whole gateway, as an SMS customer sends them:
 * answered with their fixed text before the assistant, and inert: a pending
 * question, the failure count and escalations stay as they were.
 */
import type { Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../app/config.ts';
import type { ChannelContext, ChannelStateStore } from '../../src/gateway/channel.ts';
import { createLogger } from '../../src/log.ts';
import { createRuntime, type Runtime } from '../../app/runtime.ts';
import { createSmsChannel } from '../../channels/sms/index.ts';
import { signedTwilioWebhook, smsParams, startFakeTwilioApi, type FakeTwilioApi } from '../fakes/twilio-api.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const ACCOUNT_SID = 'AC33333333333333333333333333333333';
const AUTH_TOKEN = 'control-auth-token';
const SMS_FROM = '+15550004444';
const PUBLIC_URL = 'https://switchboard.example.com';
const MIA = '+14155550123';

let api: FakeTwilioApi;
let runtime: Runtime;
let server: Server;
let url: string;
let sid = 0;

beforeAll(async () => {
  api = await startFakeTwilioApi({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  // Our own replies to keywords (not Twilio's Advanced Opt-Out), so every answer is visible at the fake API.
  const config = loadConfig({
    DATABASE_URL: `sqlite:${join(tempDir(), 'control.db')}`, LOG_LEVEL: 'silent', PORT: '0', TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_SMS_FROM: SMS_FROM, TWILIO_API_URL: api.url, PUBLIC_URL, TWILIO_SMS_KEYWORD_REPLIES: 'switchboard',
  });
  const logger = createLogger({ level: 'silent' });
  let started: Runtime | undefined;
  const state: ChannelStateStore = {
    get: (channel, key) => started!.store.channelState.get(channel, key),
    set: (channel, key, value) => started!.store.channelState.set(channel, key, value),
    delete: (channel, key) => started!.store.channelState.delete(channel, key),
  };
  const ctx: ChannelContext = { state, logger, reportDelivery: (report) => started!.gateway.reportDelivery(report) };
  started = await createRuntime(config, { logger, extraChannels: [createSmsChannel(config, ctx)] });
  runtime = started;
  await runtime.gateway.start();
  server = await new Promise((resolve) => {
    const listening = runtime.app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await runtime.close();
  await api.close();
});

/** One SMS from `from`; resolves with the reply Twilio was asked to send (undefined: none). */
async function sms(from: string, text: string): Promise<{ body?: string; meta: Record<string, unknown> }> {
  sid += 1;
  const messageSid = `SM${String(sid).padStart(32, '0')}`;
  const request = signedTwilioWebhook(`${PUBLIC_URL}/webhooks/twilio/sms`, smsParams(from, SMS_FROM, text, messageSid), AUTH_TOKEN);
  const before = api.messages.length;
  const response = await fetch(`${url}/webhooks/twilio/sms`, { method: 'POST', body: request.body, headers: request.headers });
  expect(response.status).toBe(200);
  await runtime.gateway.idle();
  const [reply] = (await runtime.store.outbox.listForRecipient('sms', from, 0, 1000)).filter((item) => item.replyTo === messageSid);
  const sent = api.messages.slice(before).find((message) => message.to === from);
  return { ...(sent?.body ? { body: sent.body } : {}), meta: reply?.meta ?? {} };
}

/** Disputes on an order in the embedded demo commerce tables (same SQLite file). */
function disputesOf(orderId: string): number {
  const { db } = runtime.store as unknown as { db: { prepare(sql: string): { get(...args: unknown[]): unknown } } };
  return (db.prepare('SELECT COUNT(*) AS n FROM commerce_disputes WHERE order_id = ?').get(orderId) as { n: number }).n;
}

describe('SMS control words', () => {
  it('STOP and START answer with their fixed texts, never ask anything, and a following "yes" changes nothing', async () => {
    const stop = await sms(MIA, 'STOP');
    expect(stop.body).toContain('unsubscribed');
    expect(stop.meta).toMatchObject({ intent: 'control_opt_out', tools: [] });
    const start = await sms(MIA, 'START');
    expect(start.body).toContain('subscribed again');
    expect(start.meta).toMatchObject({ intent: 'control_opt_in', tools: [] });
    const yes = await sms(MIA, 'yes');
    expect(yes.meta.tools).not.toContain('open_dispute');
    expect(yes.body).not.toMatch(/dispute/i);
    expect(disputesOf('7001')).toBe(0);
  });

  it('leaves a question the customer saw pending: STOP, HELP and START in between, then "yes" answers it', async () => {
    const asked = await sms(MIA, 'I want to dispute the purchase of my keyboard');
    expect(asked.body).toContain('Shall I open a dispute for $249.00 on order 7001');
    const stop = await sms(MIA, 'stop');
    expect(stop.meta.intent).toBe('control_opt_out');
    const help = await sms(MIA, 'HELP');
    expect(help.body, 'HELP is answered even to an opted-out number').toContain('customer support');
    await sms(MIA, 'START');
    const yes = await sms(MIA, 'yes');
    expect(yes.meta).toMatchObject({ intent: 'dispute_purchase', tools: ['open_dispute'] });
    expect(disputesOf('7001')).toBe(1);
  });

  it('an unknown Spanish number\'s "¡BAJA!" and "ALTA" are answered in Spanish, count as no failure and open no ticket', async () => {
    const number = '+34600111222';
    const out = await sms(number, '¡BAJA!');
    expect(out.meta).toMatchObject({ intent: 'control_opt_out', escalated: false });
    expect(out.body).toContain('START');
    expect(out.body).toMatch(/mensajes|suscripción|baja/i);
    const back = await sms(number, 'ALTA');
    expect(back.meta).toMatchObject({ intent: 'control_opt_in', escalated: false });
    const ayuda = await sms(number, 'AYUDA');
    expect(ayuda.meta.intent).toBe('control_help');
    const tickets = await runtime.handoff!.service.tickets.list({ limit: 50 });
    expect(tickets.filter((ticket) => ticket.contact.senderAddress === number)).toEqual([]);
    // The next real message is the first unclear one, not the third failure in a row.
    const first = await sms(number, 'qwerty zxcv');
    expect(first.meta.escalated).toBe(false);
  });

  it('"STOPP", a word German, Swedish and Norwegian share, is confirmed in the customer\'s language, else the number\'s market\'s', async () => {
    const astrid = await sms('+46701234567', 'STOPP');
    expect(astrid.meta.intent).toBe('control_opt_out');
    expect(astrid.body).toContain('Du är avregistrerad');
    const nora = await sms('+4791234567', 'Stopp');
    expect(nora.body).toContain('Du er avmeldt');
    const unknownSwede = await sms('+46709998877', 'STOPP');
    expect(unknownSwede.body).toContain('Du är avregistrerad');
    const lukas = await sms('+4915112345678', 'STOPP');
    expect(lukas.body).toContain('Du bist abgemeldet');
    // No language of the word fits an American number: the word's first language.
    const american = await sms('+14155550987', 'STOPP');
    expect(american.body).toContain('Du bist abgemeldet');
    for (const number of ['+46701234567', '+4791234567', '+46709998877', '+4915112345678', '+14155550987']) await sms(number, 'START');
  });
});
