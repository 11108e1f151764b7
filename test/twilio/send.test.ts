import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelError } from '../../src/errors.ts';
import { createLogger } from '../../src/log.ts';
import { createSmsChannel } from '../../channels/sms/index.ts';
import { twilioChannelsEnabled } from '../../channels/twilio/config.ts';
import { segmentInfo } from '../../channels/twilio/segments.ts';
import { signedTwilioWebhook, smsParams, whatsAppParams } from '../fakes/twilio-api.ts';
import { ACCOUNT_SID, AUTH_TOKEN, PUBLIC_URL, SMS_FROM, WHATSAPP_FROM, outbound, startHarness, type Harness } from './harness.ts';

const TEMPLATE_SID = 'HX0123456789abcdef0123456789abcdef';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ TWILIO_WHATSAPP_TEMPLATE_SID: TEMPLATE_SID, TWILIO_WHATSAPP_TEMPLATE_VARIABLES: '{"1":"{{text}}"}' });
});
afterAll(() => harness.close());

async function customerWrites(channel: 'sms' | 'whatsapp', from: string, body: string) {
  const params = channel === 'sms' ? smsParams(from, SMS_FROM, body) : whatsAppParams(from, WHATSAPP_FROM, body);
  const path = `/webhooks/twilio/${channel}`;
  const request = signedTwilioWebhook(`${PUBLIC_URL}${path}`, params, AUTH_TOKEN);
  const response = await harness.post(path, request.body, request.headers);
  expect(response.status).toBe(200);
  return harness.accepted.at(-1)!;
}

const sms = (to: string, text: string, extra = {}) => outbound({ channel: 'sms', recipientAddress: to, text, ...extra });
const whatsapp = (to: string, text: string, extra = {}) => outbound({ channel: 'whatsapp', recipientAddress: to, text, ...extra });

describe('sending through the real twilio client to the fake Messages API', () => {
  it('an SMS goes from the number the customer wrote to, with the body as rendered', async () => {
    const receipt = await harness.sms.send(sms('+15005550006', 'Your **refund** was sent.', { replyAddress: '+15550002222' }));
    expect(harness.api.messages.at(-1)).toMatchObject({
      sid: receipt.providerMessageId,
      accountSid: ACCOUNT_SID,
      to: '+15005550006',
      from: '+15550002222',
      body: 'Your refund was sent.',
    });
    await harness.sms.send(sms('+15005550006', 'No reply address'));
    expect(harness.api.messages.at(-1)).toMatchObject({ from: SMS_FROM });
  });

  it('a long SMS answer stays within SMS_MAX_SEGMENTS', async () => {
    await harness.sms.send(sms('+15005550006', 'Your refund will reach your account soon. '.repeat(40)));
    expect(segmentInfo(harness.api.messages.at(-1)!.body!).segments).toBeLessThanOrEqual(4);
    expect(harness.sms.limits.maxTextLength).toBeGreaterThan(200);
  });

  it('WhatsApp within 24 h: free-form with whatsapp: addresses and WhatsApp formatting', async () => {
    await customerWrites('whatsapp', '+46701234567', 'Hej');
    await harness.whatsapp.send(whatsapp('+46701234567', '**Klart!** Din återbetalning är skickad.'));
    expect(harness.api.messages.at(-1)).toMatchObject({ to: 'whatsapp:+46701234567', from: `whatsapp:${WHATSAPP_FROM}`, body: '*Klart!* Din återbetalning är skickad.' });
  });

  it('WhatsApp after 24 h (an agent answering late): the approved template with the reply as its variable', async () => {
    await customerWrites('whatsapp', '+46701234568', 'Hej igen');
    harness.clock.now = new Date(harness.clock.now.getTime() + 25 * 3_600_000);
    await harness.whatsapp.send(whatsapp('+46701234568', 'Agent here:\nyour case is solved.'));
    const sent = harness.api.messages.at(-1)!;
    expect(sent).toMatchObject({ to: 'whatsapp:+46701234568', contentSid: TEMPLATE_SID, body: undefined });
    expect(JSON.parse(sent.contentVariables!)).toEqual({ '1': 'Agent here: your case is solved.' });
  });

  it('WhatsApp error 63016 although our clock says open: retried once as the template', async () => {
    await customerWrites('whatsapp', '+46701234569', 'Hallå');
    harness.api.enqueue({ status: 400, code: 63016, message: 'Failed to send freeform message because you are outside the allowed window.' });
    await harness.whatsapp.send(whatsapp('+46701234569', 'Svar'));
    expect(harness.api.messages.at(-1)).toMatchObject({ to: 'whatsapp:+46701234569', contentSid: TEMPLATE_SID });
  });

  it('500 is retryable; 21610, 21211 and 63016 without a template are permanent', async () => {
    harness.api.enqueue({ status: 500 });
    await expect(harness.sms.send(sms('+15005550006', 'hi'))).rejects.toMatchObject({ retryable: true, code: 'twilio_50000' });
    harness.api.enqueue({ status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
    await expect(harness.sms.send(sms('+15005550006', 'hi'))).rejects.toMatchObject({ retryable: false, code: 'twilio_21211' });
    harness.api.enqueue({ status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
    await expect(harness.sms.send(sms('+15005550007', 'hi'))).rejects.toMatchObject({ retryable: false, code: 'twilio_21610' });
    // Twilio said the number unsubscribed: we stop trying too.
    const count = harness.api.requestCount;
    await expect(harness.sms.send(sms('+15005550007', 'hi'))).rejects.toMatchObject({ code: 'opted_out' });
    expect(harness.api.requestCount).toBe(count);
  });

  it('numbered choices: the reply "2" comes back as the second choice', async () => {
    await harness.sms.send(sms('+15005550008', 'What do you need?', { choices: [{ label: 'Refund', value: 'refund' }, { label: 'Card', value: 'card' }] }));
    expect(harness.api.messages.at(-1)!.body).toBe('What do you need?\n\nReply with a number:\n1. Refund\n2. Card');
    expect(await customerWrites('sms', '+15005550008', '2')).toMatchObject({ text: '2', action: 'card' });
  });
});

describe('failures without the outbox mistaking them', () => {
  it('a wrong auth token is retryable (the fix is configuration), an unreachable API is retryable', async () => {
    const ctx = { state: harness.store.channelState, logger: createLogger({ level: 'silent' }), reportDelivery: async () => {} };
    const base = { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_SMS_FROM: SMS_FROM, TWILIO_WHATSAPP_FROM: undefined, TWILIO_MESSAGING_SERVICE_SID: undefined, PUBLIC_URL: undefined };
    const wrongToken = createSmsChannel({ ...base, TWILIO_AUTH_TOKEN: 'wrong', TWILIO_API_URL: harness.api.url }, ctx);
    await expect(wrongToken.send(sms('+15005550006', 'hi'))).rejects.toMatchObject({ retryable: true, code: 'twilio_20003' });
    const unreachable = createSmsChannel({ ...base, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_API_URL: 'http://127.0.0.1:9' }, ctx);
    const error = await unreachable.send(sms('+15005550006', 'hi')).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ChannelError);
    expect(error).toMatchObject({ retryable: true, code: 'twilio_unreachable' });
  });

  it('a Messaging Service SID is used when no sender number is configured', async () => {
    const ctx = { state: harness.store.channelState, logger: createLogger({ level: 'silent' }), reportDelivery: async () => {} };
    const channel = createSmsChannel(
      { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_SMS_FROM: undefined, TWILIO_WHATSAPP_FROM: undefined, TWILIO_MESSAGING_SERVICE_SID: 'MG00000000000000000000000000000000', TWILIO_API_URL: harness.api.url, PUBLIC_URL: undefined },
      ctx,
    );
    await channel.send(sms('+15005550006', 'via service'));
    expect(harness.api.messages.at(-1)).toMatchObject({ messagingServiceSid: 'MG00000000000000000000000000000000', from: undefined, statusCallback: undefined });
  });

  it('says why a channel is off', () => {
    const none = { TWILIO_ACCOUNT_SID: undefined, TWILIO_AUTH_TOKEN: undefined, TWILIO_SMS_FROM: undefined, TWILIO_WHATSAPP_FROM: undefined, TWILIO_MESSAGING_SERVICE_SID: undefined, TWILIO_API_URL: undefined, PUBLIC_URL: undefined };
    expect(twilioChannelsEnabled(none).sms).toMatch(/TWILIO_ACCOUNT_SID/);
    expect(twilioChannelsEnabled({ ...none, TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: 'x', TWILIO_SMS_FROM: SMS_FROM })).toEqual({
      sms: true,
      whatsapp: expect.stringMatching(/TWILIO_WHATSAPP_FROM/),
    });
  });
});
