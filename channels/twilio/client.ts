/**
 * The official `twilio` client, with an HTTP client that (a) can send every
 * call to another base URL (`TWILIO_API_URL`: a local fake in tests and
 * benches) and (b) keeps Retry-After, which the SDK's own exception drops.
 * The SDK's `edge`/`region` options only change the `*.twilio.com` host name.
 */
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import { TwilioApiError, parseRetryAfter } from './errors.ts';

type RequestOptions<TData> = RequestClient.RequestOptions<TData>;

/** The parts of a Messages API resource the channels read. */
export interface SentMessage {
  sid: string;
  status: string;
}

/** Parameters of one Messages API call, as the SDK names them. */
export interface MessageCreateParams {
  to: string;
  from?: string;
  messagingServiceSid?: string;
  body?: string;
  contentSid?: string;
  contentVariables?: string;
  statusCallback?: string;
}

/** What the channels need from Twilio: creating a message. Small, so tests can see every call. */
export interface TwilioMessagesApi {
  createMessage(params: MessageCreateParams): Promise<SentMessage>;
}

/** Rewrites `https://api.twilio.com/2010-04-01/...` onto `baseUrl`, keeping path and query. */
export function rewriteOnto(baseUrl: string, uri: string): string {
  const original = new URL(uri);
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  return `${base.origin}${prefix}${original.pathname}${original.search}`;
}

function errorFields(body: unknown): { code?: number; message?: string; moreInfo?: string } {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return {};
    }
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const record = parsed as Record<string, unknown>;
  return {
    code: typeof record.code === 'number' ? record.code : undefined,
    message: typeof record.message === 'string' ? record.message : undefined,
    moreInfo: typeof record.more_info === 'string' ? record.more_info : undefined,
  };
}

/** A `twilio.RequestClient` that targets `baseUrl` when given and throws {@link TwilioApiError} on 4xx/5xx. */
export class SwitchboardRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: string | undefined,
    options: ConstructorParameters<typeof twilio.RequestClient>[0] = {},
  ) {
    // autoRetry stays off: the gateway's outbox owns retries, with Retry-After.
    super({ ...options, autoRetry: false });
  }

  override async request<TData>(opts: RequestOptions<TData>) {
    const uri = this.baseUrl ? rewriteOnto(this.baseUrl, opts.uri) : opts.uri;
    const response = await super.request<TData>({ ...opts, uri });
    if (response.statusCode >= 400) {
      const fields = errorFields(response.body);
      const headers = (response.headers ?? {}) as Record<string, string | string[] | undefined>;
      throw new TwilioApiError(
        response.statusCode,
        fields.code,
        fields.message ?? `HTTP ${response.statusCode}`,
        parseRetryAfter(headers['retry-after']),
        fields.moreInfo,
      );
    }
    return response;
  }
}

export interface TwilioClientSettings {
  accountSid: string;
  authToken: string;
  /** Replaces https://api.twilio.com when set. */
  apiUrl?: string;
  timeoutMs?: number;
}

/** Creates the real `twilio` client and wraps the one call the channels make. */
export function createTwilioMessagesApi(settings: TwilioClientSettings): TwilioMessagesApi {
  const httpClient = new SwitchboardRequestClient(settings.apiUrl, { timeout: settings.timeoutMs ?? 10_000 });
  const client = twilio(settings.accountSid, settings.authToken, { httpClient });
  return {
    async createMessage(params) {
      const message = await client.messages.create(params as Parameters<typeof client.messages.create>[0]);
      return { sid: message.sid, status: String(message.status) };
    },
  };
}
