import type { OutboundMessage } from '../../src/gateway/messages.ts';

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
    text: message.text,
    replyTo: message.replyTo ?? null,
    createdAt: message.createdAt.toISOString(),
    language: message.language,
    ...(message.choices?.length ? { choices: message.choices } : {}),
    ...(message.meta ? { meta: message.meta } : {}),
  };
}
