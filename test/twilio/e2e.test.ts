import type { Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../app/config.ts';
import type { ChannelContext, ChannelStateStore } from '../../src/gateway/channel.ts';
import { createLogger } from '../../src/log.ts';
import { createRuntime, type Runtime } from '../../app/runtime.ts';
import { createSmsChannel } from '../../channels/sms/index.ts';
import { createWhatsAppChannel } from '../../channels/whatsapp/index.ts';
import { signedTwilioWebhook, smsParams, startFakeTwilioApi, statusParams, whatsAppParams, type FakeTwilioApi } from '../fakes/twilio-api.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const ACCOUNT_SID = 'AC22222222222222222222222222222222';
const AUTH_TOKEN = 'e2e-auth-token';
const SMS_FROM = '+15550003333';
const WHATSAPP_FROM = '+14155238886';
const PUBLIC_URL = 'https://switchboard.example.com';
const dir = tempDir();

interface Running {
  url: string;
  runtime: Runtime;
  stop(): Promise<void>;
}

let api: FakeTwilioApi;
let gateway: Running;

/** The whole gateway in this process (real store, assistant, dispatcher, outbox) with the Twilio channels. */
async function boot(): Promise<Running> {
  const config = loadConfig({
    DATABASE_URL: `sqlite:${join(dir, 'e2e.db')}`,
    LOG_LEVEL: 'silent',
    PORT: '0',
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_SMS_FROM: SMS_FROM,
    TWILIO_WHATSAPP_FROM: `whatsapp:${WHATSAPP_FROM}`,
    TWILIO_API_URL: api.url,
    PUBLIC_URL,
  });
  const logger = createLogger({ level: 'silent' });
  // The channels need the runtime's store and gateway, which exist only once the runtime does.
  let runtime: Runtime | undefined;
  const state: ChannelStateStore = {
    get: (channel, key) => runtime!.store.channelState.get(channel, key),
    set: (channel, key, value) => runtime!.store.channelState.set(channel, key, value),
    delete: (channel, key) => runtime!.store.channelState.delete(channel, key),
  };
  const ctx: ChannelContext = { state, logger, reportDelivery: (report) => runtime!.gateway.reportDelivery(report) };
  runtime = await createRuntime(config, { logger, extraChannels: [createSmsChannel(config, ctx), createWhatsAppChannel(config, ctx)] });
  await runtime.gateway.start();
  const server: Server = await new Promise((resolve) => {
    const listening = runtime!.app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const address = server.address();
  const started = runtime;
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    runtime: started,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await started.close();
    },
  };
}

async function post(path: string, params: Record<string, string>, tamper?: (body: string) => string, signature?: string) {
  const request = signedTwilioWebhook(`${PUBLIC_URL}${path}`, params, AUTH_TOKEN);
  const headers = signature === undefined ? request.headers : { ...request.headers, 'x-twilio-signature': signature };
  const response = await fetch(`${gateway.url}${path}`, { method: 'POST', body: tamper ? tamper(request.body) : request.body, headers });
  return { status: response.status, text: await response.text() };
}

const inboundFor = (channel: 'sms' | 'whatsapp', from: string, text: string, sid: string) =>
  channel === 'sms' ? smsParams(from, SMS_FROM, text, sid) : whatsAppParams(from, WHATSAPP_FROM, text, sid);

beforeAll(async () => {
  api = await startFakeTwilioApi({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  gateway = await boot();
});
afterAll(async () => {
  await gateway.stop();
  await api.close();
});

describe('the gateway with the Twilio channels against a fake Twilio API', () => {
  it('answers every message once, in order per customer, through a 429 storm and a restart', async () => {
    const customers = [
      { channel: 'sms' as const, number: '+15005550101' },
      { channel: 'sms' as const, number: '+46701230001' },
      { channel: 'sms' as const, number: '+4915112340001' },
      { channel: 'whatsapp' as const, number: '+34600000101' },
      { channel: 'whatsapp' as const, number: '+15005550102' },
    ];
    const texts = ['where is my refund?', 'hello', 'when is my next payment due?', 'thanks'];
    const planned = customers.flatMap((customer, c) =>
      texts.map((text, t) => ({ ...customer, text, sid: `SM${String(c).padStart(2, '0')}${String(t).padStart(30, '0')}` })),
    );
    const half = texts.length / 2;
    api.rateLimit(5, 0);
    api.storm(0.3, 0);

    const sendRange = (from: number, to: number) =>
      Promise.all(
        customers.map(async (customer) => {
          for (const message of planned.filter((m) => m.number === customer.number).slice(from, to)) {
            const response = await post(`/webhooks/twilio/${message.channel}`, inboundFor(message.channel, message.number, message.text, message.sid));
            expect(response.status).toBe(200);
            expect(response.text).toContain('<Response/>');
          }
        }),
      );
    await sendRange(0, half);
    await gateway.stop();
    gateway = await boot();
    // Twilio may deliver again what it saw answered slowly: duplicates change nothing.
    await sendRange(0, texts.length);

    await api.waitForMessages(planned.length, 30_000);
    api.storm(0);
    await gateway.runtime.gateway.idle();
    expect(api.messages).toHaveLength(planned.length);
    expect(api.requestCount, 'the storm answered 429s that were retried').toBeGreaterThanOrEqual(planned.length + 5);

    for (const customer of customers) {
      const replies = await gateway.runtime.store.outbox.listForRecipient(customer.channel, customer.number, 0, 100);
      const expected = planned.filter((m) => m.number === customer.number).map((m) => m.sid);
      expect(replies.map((reply) => reply.replyTo)).toEqual(expected);
      const sentOrder = api.messages.filter((m) => m.to.endsWith(customer.number)).map((m) => replies.find((r) => r.providerMessageId === m.sid)?.replyTo);
      expect(sentOrder, `order at Twilio for ${customer.number}`).toEqual(expected);
      const to = customer.channel === 'whatsapp' ? `whatsapp:${customer.number}` : customer.number;
      expect(api.messages.filter((m) => m.to === to).every((m) => m.body && m.body.length > 0)).toBe(true);
    }
  });

  it('refuses forged and replayed-with-a-changed-body webhooks; nothing is answered', async () => {
    const before = api.messages.length;
    const params = smsParams('+15005550201', SMS_FROM, 'Where is my refund?', 'SM99000000000000000000000000000001');
    expect((await post('/webhooks/twilio/sms', params, undefined, 'Zm9yZ2VkLXNpZ25hdHVyZQ==')).status).toBe(403);
    expect((await post('/webhooks/twilio/sms', params, (body) => body.replace('refund', 'password'))).status).toBe(403);
    expect((await post('/webhooks/twilio/sms', params, (body) => body.replace('SM99', 'SM98'))).status).toBe(403);
    await gateway.runtime.gateway.idle();
    expect(api.messages.length).toBe(before);
    expect(await gateway.runtime.store.outbox.listForRecipient('sms', '+15005550201', 0, 10)).toEqual([]);
  });

  it('an SMS and a WhatsApp message from one number land in one thread', async () => {
    const number = '+15005550301';
    expect((await post('/webhooks/twilio/whatsapp', whatsAppParams(number, WHATSAPP_FROM, 'hello', 'SM30000000000000000000000000000001'))).status).toBe(200);
    expect((await post('/webhooks/twilio/sms', smsParams(number, SMS_FROM, 'where is my refund?', 'SM30000000000000000000000000000002'))).status).toBe(200);
    await gateway.runtime.gateway.idle();
    const [onWhatsApp] = await gateway.runtime.store.outbox.listForRecipient('whatsapp', number, 0, 10);
    const [onSms] = await gateway.runtime.store.outbox.listForRecipient('sms', number, 0, 10);
    expect(onWhatsApp?.threadId).toBeDefined();
    expect(onSms?.threadId).toBe(onWhatsApp?.threadId);
    expect(api.messages.filter((m) => m.to === `whatsapp:${number}`)).toHaveLength(1);
    expect(api.messages.filter((m) => m.to === number)).toHaveLength(1);
  });

  it('status callbacks update the outbox record: delivered, and failed with its reason', async () => {
    const number = '+15005550401';
    await post('/webhooks/twilio/sms', smsParams(number, SMS_FROM, 'hello', 'SM40000000000000000000000000000001'));
    await post('/webhooks/twilio/sms', smsParams(number, SMS_FROM, 'thanks', 'SM40000000000000000000000000000002'));
    await gateway.runtime.gateway.idle();
    const [first, second] = await gateway.runtime.store.outbox.listForRecipient('sms', number, 0, 10);
    const sentFirst = api.messages.find((m) => m.sid === first!.providerMessageId)!;
    const sentSecond = api.messages.find((m) => m.sid === second!.providerMessageId)!;
    expect(sentFirst.statusCallback).toBe(`${PUBLIC_URL}/webhooks/twilio/status`);
    expect((await post('/webhooks/twilio/status', statusParams(sentFirst, 'delivered'))).status).toBe(200);
    expect((await post('/webhooks/twilio/status', statusParams(sentSecond, 'undelivered', 30005))).status).toBe(200);
    expect(await gateway.runtime.store.outbox.getById(first!.id)).toMatchObject({ status: 'delivered' });
    expect(await gateway.runtime.store.outbox.getById(second!.id)).toMatchObject({ status: 'failed', lastError: expect.stringContaining('30005') });
  });
});
