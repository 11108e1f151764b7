import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFormBody } from '../../channels/twilio/verify.ts';
import { signedTwilioWebhook, smsParams, whatsAppParams } from '../fakes/twilio-api.ts';
import { fixtureJson, fixtureText, whatsAppFixture } from './fixtures.ts';
import { AUTH_TOKEN, PUBLIC_URL, SMS_FROM, WHATSAPP_FROM, outbound, startHarness, type Harness } from './harness.ts';

const SMS_PATH = '/webhooks/twilio/sms';
const WHATSAPP_PATH = '/webhooks/twilio/whatsapp';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());

function signed(path: string, params: Record<string, string | string[]>) {
  return signedTwilioWebhook(`${PUBLIC_URL}${path}`, params, AUTH_TOKEN);
}

async function deliver(path: string, params: Record<string, string | string[]>) {
  const request = signed(path, params);
  return harness.post(path, request.body, request.headers);
}

describe('inbound webhooks', () => {
  it('accepts every signed WhatsApp fixture and answers empty TwiML at once', async () => {
    for (const item of whatsAppFixture().cases) {
      const response = await deliver(WHATSAPP_PATH, parseFormBody(item.raw_body));
      expect(response.status).toBe(200);
      expect(response.type).toMatch(/text\/xml/);
      expect(response.text).toContain('<Response/>');
    }
    const got = harness.accepted.filter((message) => message.channel === 'whatsapp');
    expect(got.map((message) => message.providerMessageId)).toEqual([
      'SM00000000000000000000000000abc001',
      'SM00000000000000000000000000abc002',
      'SM00000000000000000000000000abc003',
      'MM00000000000000000000000000abc004',
    ]);
    expect(got[0]).toMatchObject({ senderAddress: '+15005550006', replyAddress: '+14155238886', displayName: 'Jane Doe', text: 'My card payment was declined, can you help?' });
    expect(got[2]).toMatchObject({ action: 'escalate_human', text: 'Talk to an agent' });
    expect(got[3]).toMatchObject({ action: 'media_only', attachments: [{ contentType: 'image/jpeg' }] });
  });

  it('accepts the signed SMS fixtures', async () => {
    const { body } = fixtureJson<{ body: Record<string, string> }>('inbound_sms_twilio_cli_plugin_webhook.json');
    expect((await deliver(SMS_PATH, body)).status).toBe(200);
    expect((await deliver(SMS_PATH, parseFormBody(fixtureText('inbound_mms_botbuilder_MediaPayload.txt')))).status).toBe(200);
    const sms = harness.accepted.filter((message) => message.channel === 'sms');
    expect(sms[0]).toMatchObject({ providerMessageId: 'SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', senderAddress: '+15017122661', text: 'Ahoy' });
    expect(sms[1]).toMatchObject({ text: 'Hello', attachments: [{ url: 'www.contoso.com', contentType: 'json' }] });
  });

  it('refuses a forged signature, a missing one and a changed body with 403; nothing is accepted', async () => {
    const before = harness.accepted.length;
    const params = smsParams('+15005550006', SMS_FROM, 'Where is my refund?');
    const good = signed(SMS_PATH, params);
    const forged = await harness.post(SMS_PATH, good.body, { ...good.headers, 'x-twilio-signature': 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' });
    const { 'x-twilio-signature': _signature, ...unsigned } = good.headers;
    const missing = await harness.post(SMS_PATH, good.body, unsigned);
    const changed = await harness.post(SMS_PATH, good.body.replace('refund', 'card+PIN'), good.headers);
    const wrongRoute = await harness.post(WHATSAPP_PATH, good.body, good.headers);
    expect([forged.status, missing.status, changed.status, wrongRoute.status]).toEqual([403, 403, 403, 403]);
    // JSON like every other refusal, saying what to check.
    expect(JSON.parse(forged.text)).toEqual({ error: 'invalid_signature', message: expect.stringContaining('TWILIO_AUTH_TOKEN and PUBLIC_URL') });
    expect(JSON.parse(missing.text)).toMatchObject({ error: 'invalid_signature', message: 'X-Twilio-Signature is missing' });
    expect(harness.accepted.length).toBe(before);
  });

  it('answers 400 to a signed body that is not a message', async () => {
    const response = await deliver(SMS_PATH, { Foo: 'bar' });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text)).toMatchObject({ error: 'validation_failed' });
  });

  it('a duplicate delivery gets the same empty TwiML', async () => {
    const params = smsParams('+15005550006', SMS_FROM, 'Hello twice');
    const first = await deliver(SMS_PATH, params);
    const second = await deliver(SMS_PATH, params);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.text).toBe(first.text);
  });
});

describe('keywords and opt-out', () => {
  const customer = '+15005550099';

  it('STOP marks the number opted out on SMS only; only the confirmation may go out', async () => {
    const stop = smsParams(customer, SMS_FROM, 'Stop');
    await deliver(SMS_PATH, stop);
    expect(harness.accepted.at(-1)).toMatchObject({ action: 'opt_out' });

    // Twilio answers STOP itself on SMS (Advanced Opt-Out): our confirmation is skipped, not sent twice.
    const sentBefore = harness.api.messages.length;
    const receipt = await harness.sms.send(outbound({ channel: 'sms', recipientAddress: customer, text: 'graph reply', replyTo: stop.MessageSid }));
    expect(receipt.providerMessageId).toBeUndefined();
    const late = harness.sms.send(outbound({ channel: 'sms', recipientAddress: customer, text: 'An agent replies late' }));
    await expect(late).rejects.toMatchObject({ code: 'opted_out', retryable: false });
    expect(harness.api.messages.length).toBe(sentBefore);

    // WhatsApp is another channel: still allowed.
    await deliver(WHATSAPP_PATH, whatsAppParams(customer, WHATSAPP_FROM, 'hi'));
    await expect(harness.whatsapp.send(outbound({ channel: 'whatsapp', recipientAddress: customer, text: 'Hello' }))).resolves.toMatchObject({
      providerMessageId: expect.stringMatching(/^SM/),
    });
  });

  it('a localized STOP is confirmed in its language by us; START lifts the opt-out', async () => {
    const number = '+34600000001';
    const baja = smsParams(number, SMS_FROM, 'BAJA');
    await deliver(SMS_PATH, baja);
    expect(harness.accepted.at(-1)).toMatchObject({ action: 'opt_out', locale: 'es' });
    await harness.sms.send(outbound({ channel: 'sms', recipientAddress: number, text: 'ignored', replyTo: baja.MessageSid, language: 'en' }));
    expect(harness.api.messages.at(-1)).toMatchObject({ to: number, from: SMS_FROM, body: expect.stringContaining('unsubscribed') });
    await expect(harness.sms.send(outbound({ channel: 'sms', recipientAddress: number, text: 'more' }))).rejects.toMatchObject({ code: 'opted_out' });

    const start = smsParams(number, SMS_FROM, 'START');
    await deliver(SMS_PATH, start);
    expect(harness.accepted.at(-1)).toMatchObject({ action: 'opt_in' });
    await harness.sms.send(outbound({ channel: 'sms', recipientAddress: number, text: 'Welcome back' }));
    expect(harness.api.messages.at(-1)).toMatchObject({ to: number, body: 'Welcome back' });
  });

  it('HELP on WhatsApp gets the help text whatever the graph said', async () => {
    const help = whatsAppParams('+4915112345678', WHATSAPP_FROM, 'Hilfe');
    await deliver(WHATSAPP_PATH, help);
    expect(harness.accepted.at(-1)).toMatchObject({ action: 'help', locale: 'de' });
    await harness.whatsapp.send(outbound({ channel: 'whatsapp', recipientAddress: '+4915112345678', text: 'graph text', replyTo: help.MessageSid }));
    const sent = harness.api.messages.at(-1)!;
    expect(sent.to).toBe('whatsapp:+4915112345678');
    expect(sent.body).not.toBe('graph text');
    expect(sent.body).toMatch(/STOP/);
  });

  it('a picture without words gets the polite media-only answer', async () => {
    const image = whatsAppFixture().cases.find((item) => item.name === 'whatsapp_image')!;
    await deliver(WHATSAPP_PATH, { ...parseFormBody(image.raw_body), MessageSid: 'MM00000000000000000000000000abc999' });
    await harness.whatsapp.send(outbound({ channel: 'whatsapp', recipientAddress: '+15005550006', text: '', replyTo: 'MM00000000000000000000000000abc999' }));
    expect(harness.api.messages.at(-1)?.body).toMatch(/pictures or files/);
  });
});

describe('the WhatsApp window without a template', () => {
  it('refuses clearly, for good, and sends nothing', async () => {
    const count = harness.api.requestCount;
    const late = harness.whatsapp.send(outbound({ channel: 'whatsapp', recipientAddress: '+15005550777', text: 'Sorry for the wait' }));
    await expect(late).rejects.toMatchObject({ code: 'whatsapp_window_closed', retryable: false, message: expect.stringContaining('TWILIO_WHATSAPP_TEMPLATE_SID') });
    expect(harness.api.requestCount).toBe(count);
  });
});

describe('status callbacks', () => {
  it('delivered and failed reach the outbox record; sent and queued change nothing', async () => {
    await harness.sms.send(outbound({ channel: 'sms', recipientAddress: '+15005550123', text: 'Your refund is on its way.' }));
    const message = harness.api.messages.at(-1)!;
    expect(message.statusCallback).toBe(`${PUBLIC_URL}/webhooks/twilio/status`);
    const status = (value: string, extra: Record<string, string> = {}) =>
      deliver('/webhooks/twilio/status', { MessageSid: message.sid, MessageStatus: value, To: message.to, From: message.from ?? '', ...extra });
    expect((await status('sent')).status).toBe(200);
    expect((await status('delivered')).status).toBe(200);
    expect((await status('undelivered', { ErrorCode: '30003' })).status).toBe(200);
    expect(harness.reports).toEqual([
      { channel: 'sms', providerMessageId: message.sid, status: 'delivered' },
      { channel: 'sms', providerMessageId: message.sid, status: 'failed', error: expect.stringContaining('30003') },
    ]);
  });

  it('a failed 21610 marks the number opted out; forged callbacks are refused', async () => {
    await harness.whatsapp.send(outbound({ channel: 'whatsapp', recipientAddress: '+15005550006', text: 'hello' }));
    const message = harness.api.messages.at(-1)!;
    const params = { MessageSid: message.sid, MessageStatus: 'failed', ErrorCode: '21610', To: message.to };
    const forged = signed('/webhooks/twilio/status', params);
    expect((await harness.post('/webhooks/twilio/status', forged.body, { ...forged.headers, 'x-twilio-signature': 'bad' })).status).toBe(403);
    expect((await deliver('/webhooks/twilio/status', params)).status).toBe(200);
    expect(harness.reports.at(-1)).toMatchObject({ channel: 'whatsapp', status: 'failed' });
    await expect(harness.whatsapp.send(outbound({ channel: 'whatsapp', recipientAddress: '+15005550006', text: 'again' }))).rejects.toMatchObject({ code: 'opted_out' });
  });
});
