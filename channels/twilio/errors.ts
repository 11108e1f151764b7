/**
 * Twilio API failures → the gateway's typed errors, so the outbox knows what
 * to retry. https://www.twilio.com/docs/api/errors
 */
import { ChannelError, RateLimitError } from '../../src/errors.ts';

/** A non-2xx answer of the Twilio REST API, with what the SDK's own exception drops (headers). */
export class TwilioApiError extends Error {
  constructor(
    readonly status: number,
    readonly twilioCode: number | undefined,
    message: string,
    readonly retryAfterMs: number | undefined,
    readonly moreInfo?: string,
  ) {
    super(message);
    this.name = 'TwilioApiError';
  }
}

/** Codes that mean "slow down": retried after a pause like HTTP 429. */
const RATE_LIMIT_CODES = new Set([20429, 14107, 63018, 30022]);

/** Codes that will fail the same way every time: recorded, not retried. */
export const PERMANENT_CODES: Record<number, string> = {
  21211: 'invalid "To" phone number',
  21214: '"To" phone number cannot be reached',
  21408: 'sending to this region is not enabled',
  21606: 'the "From" number cannot send this message',
  21608: 'trial accounts can only send to verified numbers',
  21610: 'the recipient replied STOP (unsubscribed)',
  21612: 'cannot route to this number',
  21614: '"To" is not a mobile number',
  21617: 'the message body is too long',
  21656: 'ContentVariables are not valid',
  63003: 'the WhatsApp recipient could not be found',
  63016: 'outside the WhatsApp 24-hour window: a template is required',
  63024: 'invalid WhatsApp message recipient',
  63032: 'the WhatsApp user is not reachable for marketing templates',
};

const DEFAULT_RETRY_AFTER_MS = 1_000;

/** Reads Retry-After (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'ERR_NETWORK', 'EHOSTUNREACH', 'ENETUNREACH']);

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/**
 * Classifies anything a Messages API call threw: 429 and rate-limit codes →
 * {@link RateLimitError} with the server's Retry-After; 5xx and network
 * failures → retryable; other 4xx → permanent, with `code` `twilio_<code>`.
 */
export function classifyTwilioError(error: unknown): ChannelError {
  if (error instanceof ChannelError) return error;
  const fields = asRecord(error);
  const status = typeof fields.status === 'number' ? fields.status : undefined;
  const twilioCode = typeof fields.twilioCode === 'number' ? fields.twilioCode : typeof fields.code === 'number' ? fields.code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const label = twilioCode !== undefined ? `Twilio error ${twilioCode}` : `Twilio HTTP ${status}`;

  if (status === undefined) {
    const networkCode = typeof fields.code === 'string' ? fields.code : undefined;
    const retryable = networkCode === undefined || NETWORK_CODES.has(networkCode);
    return new ChannelError(`Twilio API unreachable: ${message}`, retryable, { cause: error, code: 'twilio_unreachable' });
  }
  if (status === 429 || (twilioCode !== undefined && RATE_LIMIT_CODES.has(twilioCode))) {
    const retryAfterMs = typeof fields.retryAfterMs === 'number' ? fields.retryAfterMs : DEFAULT_RETRY_AFTER_MS;
    return new RateLimitError(`${label}: rate limited (${message})`, retryAfterMs, { cause: error });
  }
  const code = `twilio_${twilioCode ?? status}`;
  if (status >= 500) return new ChannelError(`${label}: ${message}`, true, { cause: error, code });
  // A wrong or rotated token: retrying (bounded by the outbox) lets a fixed configuration deliver the backlog.
  if (status === 401) return new ChannelError(`${label}: authentication failed (check TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN)`, true, { cause: error, code });
  const known = twilioCode !== undefined ? PERMANENT_CODES[twilioCode] : undefined;
  return new ChannelError(`${label}: ${known ?? message}`, false, { cause: error, code });
}
