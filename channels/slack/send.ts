import { webApi } from '@slack/bolt';
import { ChannelError, RateLimitError } from '../../src/errors.ts';
import type { DeliveryReceipt, OutboundMessage } from '../../src/gateway/messages.ts';
import type { ChannelStateStore } from '../../src/gateway/channel.ts';
import { decodeReplyAddress, isDirectChannel } from './address.ts';
import { renderSlackMessage } from './render.ts';

/** Slack error codes worth sending again; any other `ok: false` is a refusal (channel_not_found, not_in_channel...). */
const TRANSIENT_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited']);

/**
 * The real Web API client. It neither retries nor waits on 429 itself: the
 * gateway's outbox owns retries, so a rate limit surfaces as {@link RateLimitError}.
 */
export function createSlackWebClient(token: string | undefined, apiUrl: string | undefined): webApi.WebClient {
  return new webApi.WebClient(token, {
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
    logLevel: webApi.LogLevel.ERROR,
  });
}

/** Maps a Web API failure onto the gateway's error types. */
export function toChannelError(error: unknown): ChannelError {
  if (error instanceof webApi.WebAPIRateLimitedError) {
    return new RateLimitError('Slack rate limit', error.retryAfter * 1000, { cause: error });
  }
  if (error instanceof webApi.WebAPIPlatformError) {
    const code = error.data.error;
    if (code === 'ratelimited') return new RateLimitError('Slack rate limit', 1000, { cause: error });
    return new ChannelError(`Slack refused the message: ${code}`, TRANSIENT_ERRORS.has(code), { cause: error, code: `slack_${code}` });
  }
  if (error instanceof webApi.WebAPIHTTPError) {
    return new ChannelError(`Slack answered HTTP ${error.statusCode}`, error.statusCode >= 500 || error.statusCode === 408, { cause: error });
  }
  if (error instanceof webApi.WebAPIRequestError) {
    return new ChannelError(`Slack could not be reached: ${error.original.message}`, true, { cause: error });
  }
  return new ChannelError(`Slack send failed: ${error instanceof Error ? error.message : String(error)}`, true, { cause: error });
}

/** Posts one answer with `chat.postMessage`, in the channel and thread it belongs to. */
export async function sendSlackMessage(client: webApi.WebClient, message: OutboundMessage): Promise<DeliveryReceipt> {
  const address = decodeReplyAddress(message.replyAddress ?? message.recipientAddress);
  if (!address.channel) throw new ChannelError('Slack reply has no channel', false, { code: 'slack_no_channel' });
  const rendered = renderSlackMessage(message);
  try {
    const result = await client.chat.postMessage({
      channel: address.channel,
      ...(address.threadTs ? { thread_ts: address.threadTs } : {}),
      text: rendered.text,
      blocks: rendered.blocks as never,
      unfurl_links: false,
    });
    return result.ts ? { providerMessageId: `${result.channel ?? address.channel}:${result.ts}` } : {};
  } catch (error) {
    throw toChannelError(error);
  }
}

/**
 * A top-level post of the bot in a channel (a handoff ticket) starts a thread people answer in:
 * remember it like a mention, so replies in that thread are taken.
 */
export async function rememberStartedThread(state: ChannelStateStore, message: OutboundMessage, receipt: DeliveryReceipt): Promise<void> {
  const address = decodeReplyAddress(message.replyAddress ?? message.recipientAddress);
  if (address.threadTs || isDirectChannel(address.channel) || !receipt.providerMessageId) return;
  const ts = receipt.providerMessageId.slice(receipt.providerMessageId.lastIndexOf(':') + 1);
  await state.set('slack', `thread:${address.channel}:${ts}`, { joinedAt: Date.now(), startedByBot: true });
}
