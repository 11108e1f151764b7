import type { CloudAdapter } from 'botbuilder';
import { ChannelError, RateLimitError } from '../../src/errors.ts';
import type { DeliveryReceipt, OutboundMessage } from '../../src/gateway/messages.ts';
import type { TeamsReferences } from './references.ts';
import { renderTeamsActivity } from './render.ts';
import { isTrustedServiceUrl } from './service-url.ts';

interface ConnectorFailure {
  statusCode?: number;
  response?: { headers?: { get?(name: string): string | undefined } | Record<string, string> };
  message?: string;
}

function retryAfterMs(failure: ConnectorFailure): number {
  const headers = failure.response?.headers;
  const raw = typeof headers?.get === 'function' ? headers.get('retry-after') : (headers as Record<string, string> | undefined)?.['retry-after'];
  const seconds = Number(raw);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000;
}

/** Maps a Bot Connector failure onto the gateway's error types. */
export function toChannelError(error: unknown): ChannelError {
  if (error instanceof ChannelError) return error;
  const failure = (error ?? {}) as ConnectorFailure;
  const status = failure.statusCode;
  const message = failure.message ?? String(error);
  if (status === 429) return new RateLimitError('Bot Connector rate limit', retryAfterMs(failure), { cause: error });
  if (status !== undefined && status >= 400 && status < 500 && status !== 408) {
    return new ChannelError(`Bot Connector refused the message (HTTP ${status}): ${message}`, false, { cause: error, code: `teams_http_${status}` });
  }
  return new ChannelError(`Bot Connector send failed${status ? ` (HTTP ${status})` : ''}: ${message}`, true, { cause: error });
}

/**
 * Sends one answer proactively through the stored conversation reference: the webhook
 * was acknowledged long ago, so the turn may take as long as it needs.
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages
 */
export async function sendTeamsMessage(
  adapter: CloudAdapter,
  appId: string,
  references: TeamsReferences,
  message: OutboundMessage,
  options: { onlyTrustedServiceUrls?: boolean } = {},
): Promise<DeliveryReceipt> {
  const conversationId = message.replyAddress ?? message.recipientAddress;
  const reference = await references.load(conversationId);
  if (!reference) {
    throw new ChannelError(`No Teams conversation reference for ${conversationId}`, false, { code: 'teams_no_reference' });
  }
  // A reference stored before this check existed (or by another process) is checked again here.
  if (options.onlyTrustedServiceUrls && !isTrustedServiceUrl(reference.serviceUrl)) {
    throw new ChannelError('The Teams serviceUrl is neither loopback nor a Bot Framework host; unauthenticated Teams does not send there', false, { code: 'teams_untrusted_service_url' });
  }
  let providerMessageId: string | undefined;
  try {
    await adapter.continueConversationAsync(appId, reference, async (context) => {
      const response = await context.sendActivity(renderTeamsActivity(message));
      providerMessageId = response?.id;
    });
  } catch (error) {
    throw toChannelError(error);
  }
  return providerMessageId ? { providerMessageId } : {};
}
