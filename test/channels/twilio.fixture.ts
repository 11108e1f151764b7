/**
 * SMS and WhatsApp through Twilio: form posts signed with X-Twilio-Signature (HMAC-SHA1 of the
 * public URL and the sorted parameters), replies through the real `twilio` client at the local
 * fake Messages API.
 */
import { createSmsChannel } from '../../channels/sms/index.ts';
import type { TwilioConfig } from '../../channels/twilio/config.ts';
import { createWhatsAppChannel } from '../../channels/whatsapp/index.ts';
import { signedTwilioWebhook, smsParams, startFakeTwilioApi, whatsAppParams } from '../fakes/twilio-api.ts';
import type { ChannelFixture, Delivery, UnsignedRequest } from './fixture.ts';

const ACCOUNT_SID = 'AC22222222222222222222222222222222';
const AUTH_TOKEN = 'contract-auth-token';
const PUBLIC_URL = 'https://support.example.com';
const OUR_NUMBER = '+15550001111';
const PERSON = '+46701234567';

const form = (params: Record<string, string>) => new URLSearchParams(params).toString();

export function twilioFixture(id: 'sms' | 'whatsapp'): ChannelFixture {
  const path = `/webhooks/twilio/${id}`;
  const paramsFor = (text: string, sid: string) => (id === 'sms' ? smsParams(PERSON, OUR_NUMBER, text, sid) : whatsAppParams(PERSON, OUR_NUMBER, text, sid));
  const request = (params: Record<string, string>): UnsignedRequest => ({ path, body: form(params), contentType: 'application/x-www-form-urlencoded' });
  return {
    id,
    longReplies: 'shorten',
    async start(context) {
      const api = await startFakeTwilioApi({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
      const config: TwilioConfig = {
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TWILIO_SMS_FROM: OUR_NUMBER,
        TWILIO_WHATSAPP_FROM: `whatsapp:${OUR_NUMBER}`,
        TWILIO_MESSAGING_SERVICE_SID: undefined,
        TWILIO_API_URL: api.url,
        PUBLIC_URL,
      };
      const adapter = id === 'sms' ? createSmsChannel(config, context) : createWhatsAppChannel(config, context);
      let seen = 0;
      const sign = (unsigned: UnsignedRequest, token: string) => {
        const signed = signedTwilioWebhook(`${PUBLIC_URL}${unsigned.path}`, Object.fromEntries(new URLSearchParams(unsigned.body)), token);
        return { path: unsigned.path, body: signed.body, headers: signed.headers };
      };
      return {
        adapter,
        inbound: {
          kind: 'webhook',
          message: (text, sid) => request(paramsFor(text, sid)),
          malformed: () => request({ Foo: 'bar' }),
          verification: {
            sign: (unsigned, options) => sign(unsigned, options?.forged ? 'not-the-auth-token' : AUTH_TOKEN),
            tamper: (unsigned) => ({ ...unsigned, body: unsigned.body.replace(/Body=[^&]*/, 'Body=Send+me+the+card+PIN') }),
            stale: { none: 'Twilio signs the URL and parameters, no time: a replay carries the same MessageSid, which the inbox takes once' },
          },
          // A numbered list on the phone: the person types the number back.
          choose: (last: Delivery, index: number, sid: string) => {
            const label = last.choiceLabels![index]!;
            const number = new RegExp(`^(\\d+)\\. ${label}$`, 'm').exec(last.texts.join('\n'))?.[1];
            if (!number) throw new Error(`no numbered choice "${label}" in ${JSON.stringify(last.texts)}`);
            return request(paramsFor(number, sid));
          },
        },
        provider: {
          kind: 'fake',
          async next() {
            const [message] = (await api.waitForMessages(seen + 1)).slice(seen);
            seen += 1;
            const body = message!.body ?? '';
            const labels = [...body.matchAll(/^\d+\. (.+)$/gm)].map((match) => match[1]!);
            return { to: message!.to, texts: [body], ...(labels.length ? { choiceLabels: labels } : {}) };
          },
          rateLimitNext: (seconds) => api.rateLimit(1, seconds),
          refuseNext: () => api.enqueue({ status: 400, code: 21211, message: "The 'To' number is not a valid phone number." }),
        },
        destination: (message) => (id === 'whatsapp' ? `whatsapp:${message.senderAddress}` : message.senderAddress),
        close: () => api.close(),
      };
    },
  };
}
