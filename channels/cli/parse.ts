import { randomUUID } from 'node:crypto';
import type { InboundMessage } from '../../src/gateway/messages.ts';

/**
 * One typed line as a message. The terminal is local: the person is whoever runs the chat
 * (`--user`), there is no provider to sign anything or deliver twice, so each line gets an
 * id of its own. Undefined for a blank line.
 */
export function parseCliLine(line: string, user: string, language?: string, now = new Date()): InboundMessage | undefined {
  const text = line.trim();
  if (!text) return undefined;
  return {
    channel: 'cli',
    providerMessageId: randomUUID(),
    senderAddress: user,
    text,
    ...(language ? { languageChoice: language.toLowerCase() } : {}),
    receivedAt: now,
  };
}
