import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack refuses replays older than five minutes; so do we. */
export const SLACK_TIMESTAMP_WINDOW_SECONDS = 5 * 60;

export interface SlackSignatureInput {
  signingSecret: string;
  /** `X-Slack-Request-Timestamp`. */
  timestamp: string | undefined;
  /** `X-Slack-Signature`, `v0=<hex>`. */
  signature: string | undefined;
  /** The request body exactly as received. */
  rawBody: Buffer | string;
  /** Seconds since the epoch; the clock, injectable for the known-answer vectors. */
  nowSeconds?: number;
}

export type SlackSignatureCheck =
  | { valid: true }
  | { valid: false; reason: 'missing_headers' | 'stale_timestamp' | 'bad_signature' };

/** `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret. */
export function signSlackRequest(signingSecret: string, timestamp: string, rawBody: Buffer | string): string {
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return `v0=${hmac.digest('hex')}`;
}

/**
 * Verifies a request from Slack: v0 signature, timestamp within five minutes,
 * compared in constant time.
 * https://docs.slack.dev/authentication/verifying-requests-from-slack/
 */
export function verifySlackSignature(input: SlackSignatureInput): SlackSignatureCheck {
  const { timestamp, signature } = input;
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return { valid: false, reason: 'missing_headers' };
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > SLACK_TIMESTAMP_WINDOW_SECONDS) return { valid: false, reason: 'stale_timestamp' };
  const expected = Buffer.from(signSlackRequest(input.signingSecret, timestamp, input.rawBody), 'utf8');
  const received = Buffer.from(signature, 'utf8');
  // timingSafeEqual needs equal lengths; a length mismatch is already a wrong signature.
  if (expected.length !== received.length || !timingSafeEqual(expected, received)) {
    return { valid: false, reason: 'bad_signature' };
  }
  return { valid: true };
}
