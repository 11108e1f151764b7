import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { arrivals, closeServer } from './arrivals.ts';
import type { MessageCreateParams } from '../../channels/twilio/client.ts';
import { signTwilioRequest, type TwilioParams } from '../../channels/twilio/verify.ts';

/** One message the fake accepted (201), as the Messages API received it. */
export interface FakeTwilioMessage extends MessageCreateParams {
  sid: string;
  accountSid: string;
  receivedAt: Date;
}

/** An answer the fake plays instead of accepting: 429 (with Retry-After), 5xx, or a Twilio error code. */
export interface FakeTwilioFailure {
  status: number;
  /** Twilio error code in the JSON body (21610, 21211, 63016...). */
  code?: number;
  message?: string;
  /** Sent as `Retry-After` (seconds) when set. */
  retryAfterSeconds?: number;
}

/**
 * A small local stand-in for Twilio's Messages API
 * (`POST /2010-04-01/Accounts/{AccountSid}/Messages.json`), for the real
 * `twilio` client pointed at it with `TWILIO_API_URL`. It checks Basic auth,
 * records accepted messages and plays scripted failures.
 */
export interface FakeTwilioApi {
  /** Base URL (`http://127.0.0.1:PORT`), what `TWILIO_API_URL` expects. */
  readonly url: string;
  /** Accepted messages, in arrival order. */
  readonly messages: FakeTwilioMessage[];
  /** Every request received, accepted or not. */
  readonly requestCount: number;
  /** The next requests answer these failures, in order, before accepting again. */
  enqueue(...failures: FakeTwilioFailure[]): void;
  /** The next `count` requests answer 429 with `Retry-After: retryAfterSeconds`. */
  rateLimit(count: number, retryAfterSeconds: number): void;
  /** Every request to `to` (as sent, e.g. `whatsapp:+1...`) answers `failure` until cleared with `undefined`. */
  failFor(to: string, failure: FakeTwilioFailure | undefined): void;
  /** Each request answers 429 with this probability (0 turns the storm off). */
  storm(probability: number, retryAfterSeconds?: number): void;
  /** Every request answers `failure` (a provider outage) until called again with `undefined`. */
  outage(failure: FakeTwilioFailure | undefined): void;
  /** Resolves once `messages` holds at least `count` messages. */
  waitForMessages(count: number, timeoutMs?: number): Promise<FakeTwilioMessage[]>;
  close(): Promise<void>;
}

export interface FakeTwilioOptions {
  accountSid?: string;
  authToken?: string;
  /** Delay before each answer, to look like a real network. */
  latencyMs?: number;
}

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;

function newSid(prefix: string): string {
  return `${prefix}${randomBytes(16).toString('hex')}`;
}

export async function startFakeTwilioApi(options: FakeTwilioOptions = {}): Promise<FakeTwilioApi> {
  const accountSid = options.accountSid ?? 'AC00000000000000000000000000000000';
  const authToken = options.authToken ?? 'fake-auth-token';
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  const messages: FakeTwilioMessage[] = [];
  const queue: FakeTwilioFailure[] = [];
  const perRecipient = new Map<string, FakeTwilioFailure>();
  let stormProbability = 0;
  let down: FakeTwilioFailure | undefined;
  let stormRetryAfter = 1;
  let requestCount = 0;
  const arrived = arrivals(messages, 'messages at the fake Twilio API');

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requestCount += 1;
      const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        const send = () => {
          response.writeHead(status, { 'content-type': 'application/json', ...headers });
          response.end(JSON.stringify(body));
        };
        if (options.latencyMs) setTimeout(send, options.latencyMs);
        else send();
      };
      const fail = (failure: FakeTwilioFailure) =>
        reply(
          failure.status,
          { code: failure.code ?? failure.status * 100, message: failure.message ?? `Fake failure ${failure.status}`, more_info: `https://www.twilio.com/docs/errors/${failure.code ?? ''}`, status: failure.status },
          failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {},
        );

      const match = MESSAGES_PATH.exec((request.url ?? '').split('?')[0] ?? '');
      if (request.method !== 'POST' || !match) return fail({ status: 404, code: 20404, message: 'The requested resource was not found' });
      if (request.headers.authorization !== expectedAuth || match[1] !== accountSid) {
        return fail({ status: 401, code: 20003, message: 'Authenticate' });
      }
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const to = form.get('To') ?? '';
      const scripted = down ?? queue.shift() ?? perRecipient.get(to);
      if (scripted) return fail(scripted);
      if (stormProbability > 0 && Math.random() < stormProbability) {
        return fail({ status: 429, code: 20429, message: 'Too Many Requests', retryAfterSeconds: stormRetryAfter });
      }
      if (!to) return fail({ status: 400, code: 21604, message: "A 'To' phone number is required." });
      if (!form.get('From') && !form.get('MessagingServiceSid')) return fail({ status: 400, code: 21603, message: "A 'From' phone number is required." });
      if (!form.get('Body') && !form.get('ContentSid')) return fail({ status: 400, code: 21619, message: 'A text message body or media urls must be specified.' });

      const message: FakeTwilioMessage = {
        sid: newSid('SM'),
        accountSid,
        to,
        from: form.get('From') ?? undefined,
        messagingServiceSid: form.get('MessagingServiceSid') ?? undefined,
        body: form.get('Body') ?? undefined,
        contentSid: form.get('ContentSid') ?? undefined,
        contentVariables: form.get('ContentVariables') ?? undefined,
        statusCallback: form.get('StatusCallback') ?? undefined,
        receivedAt: new Date(),
      };
      messages.push(message);
      arrived.arrived();
      reply(201, {
        sid: message.sid,
        account_sid: accountSid,
        to: message.to,
        from: message.from ?? null,
        messaging_service_sid: message.messagingServiceSid ?? null,
        body: message.body ?? '',
        status: 'queued',
        num_segments: '1',
        direction: 'outbound-api',
        api_version: '2010-04-01',
        date_created: message.receivedAt.toUTCString(),
        uri: `/2010-04-01/Accounts/${accountSid}/Messages/${message.sid}.json`,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    messages,
    get requestCount() {
      return requestCount;
    },
    enqueue: (...failures) => void queue.push(...failures),
    rateLimit: (count, retryAfterSeconds) => {
      for (let index = 0; index < count; index += 1) queue.push({ status: 429, code: 20429, message: 'Too Many Requests', retryAfterSeconds });
    },
    failFor: (to, failure) => {
      if (failure) perRecipient.set(to, failure);
      else perRecipient.delete(to);
    },
    outage: (failure) => {
      down = failure;
    },
    storm: (probability, retryAfterSeconds = 1) => {
      stormProbability = probability;
      stormRetryAfter = retryAfterSeconds;
    },
    async waitForMessages(count, timeoutMs = 10_000) {
      return (await arrived.waitFor(count, timeoutMs)).slice(0, count);
    },
    close: () => closeServer(server),
  };
}

/** A webhook request as Twilio would send it: form body and the X-Twilio-Signature for `url`. */
export interface SignedWebhook {
  body: string;
  headers: Record<string, string>;
}

/** Builds a signed Twilio webhook for `url` (the public URL the gateway checks against). */
export function signedTwilioWebhook(url: string, params: TwilioParams, authToken: string): SignedWebhook {
  const body = new URLSearchParams(
    Object.entries(params).flatMap(([key, value]) => (Array.isArray(value) ? value.map((item) => [key, item]) : [[key, value]])),
  ).toString();
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signTwilioRequest(authToken, url, params),
    },
  };
}

/** Inbound SMS parameters in Twilio's layout, for tests and benches. */
export function smsParams(from: string, to: string, body: string, messageSid = newSid('SM')): Record<string, string> {
  return {
    ToCountry: 'US', SmsMessageSid: messageSid, NumMedia: '0', SmsSid: messageSid, SmsStatus: 'received',
    Body: body, To: to, NumSegments: '1', MessageSid: messageSid, AccountSid: 'AC00000000000000000000000000000000',
    From: from, ApiVersion: '2010-04-01',
  };
}

/** Inbound WhatsApp parameters in Twilio's layout. */
export function whatsAppParams(from: string, to: string, body: string, messageSid = newSid('SM'), profileName = 'Test User'): Record<string, string> {
  return {
    SmsMessageSid: messageSid, NumMedia: '0', ProfileName: profileName, MessageType: 'text', SmsSid: messageSid,
    WaId: from.replace(/^\+/, ''), SmsStatus: 'received', Body: body, To: `whatsapp:${to}`, NumSegments: '1',
    MessageSid: messageSid, AccountSid: 'AC00000000000000000000000000000000', From: `whatsapp:${from}`, ApiVersion: '2010-04-01',
  };
}

/** Status callback parameters for a message the fake accepted. */
export function statusParams(message: FakeTwilioMessage, status: string, errorCode?: number): Record<string, string> {
  return {
    MessageSid: message.sid, SmsSid: message.sid, MessageStatus: status, SmsStatus: status, To: message.to,
    From: message.from ?? '', AccountSid: message.accountSid, ApiVersion: '2010-04-01',
    ...(errorCode !== undefined ? { ErrorCode: String(errorCode) } : {}),
  };
}
