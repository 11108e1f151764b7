import type { OutboundMessage } from '../../src/gateway/messages.ts';
import { shortenText } from '../../src/gateway/text-fit.ts';
import { clientMessageId } from './parse.ts';

/** Longest reply text the page shows as one message (a longer one ends in an ellipsis); what a visitor may send, too. */
export const WEB_TEXT_LIMIT = 4000;

/** A reply as the web channel's JSON and SSE show it. */
export interface WebReply {
  id: string;
  text: string;
  replyTo: string | null;
  createdAt: string;
  language: string;
  choices?: { label: string; value: string }[];
  meta?: Record<string, unknown>;
}

export function renderWebReply(message: OutboundMessage): WebReply {
  return {
    id: message.id,
    text: shortenText(message.text, WEB_TEXT_LIMIT),
    replyTo: message.replyTo ? clientMessageId(message.replyTo) : null,
    createdAt: message.createdAt.toISOString(),
    language: message.language,
    ...(message.choices?.length ? { choices: message.choices } : {}),
    ...(message.meta ? { meta: message.meta } : {}),
  };
}
