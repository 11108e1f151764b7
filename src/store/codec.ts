import type { InboundMessage, ReplyDraft } from '../gateway/messages.ts';

/** Inbound messages are stored as JSON; dates travel as ISO strings. */
export function encodeInbound(message: InboundMessage): string {
  return JSON.stringify(message);
}

export function decodeInbound(json: string): InboundMessage {
  const parsed = JSON.parse(json) as Omit<InboundMessage, 'receivedAt'> & { receivedAt: string };
  return { ...parsed, receivedAt: new Date(parsed.receivedAt) };
}

/** The part of a reply the outbox stores as one JSON column. */
export function encodeBody(reply: ReplyDraft): string {
  return JSON.stringify({ text: reply.text, choices: reply.choices, meta: reply.meta });
}

export function decodeBody(json: string): ReplyDraft {
  return JSON.parse(json) as ReplyDraft;
}
