import { randomUUID } from 'node:crypto';
import type { InboundMessage, ReplyDraft } from '../../src/gateway/messages.ts';

/** A choice the terminal printed as `[n] label`. */
export type ShownChoice = NonNullable<ReplyDraft['choices']>[number];

/**
 * One typed line as a message. The terminal is local: the person is whoever runs the chat
 * (`--user`), there is no provider to sign anything or deliver twice, so each line gets an
 * id of its own. The number of a choice the last reply listed ("2" under `[1] #1043 [2] #1044`)
 * chooses it, as a button would; any other number ("1043", "3" under two choices) stays text.
 * Undefined for a blank line.
 */
export function parseCliLine(line: string, user: string, language?: string, now = new Date(), shown: readonly ShownChoice[] = []): InboundMessage | undefined {
  const text = line.trim();
  if (!text) return undefined;
  const number = /^(\d{1,2})[.)]?$/.exec(text)?.[1];
  const chosen = number === undefined ? undefined : shown[Number(number) - 1];
  return {
    channel: 'cli',
    providerMessageId: randomUUID(),
    senderAddress: user,
    text: chosen ? chosen.label : text,
    ...(chosen ? { action: chosen.value } : {}),
    ...(language ? { languageChoice: language.toLowerCase() } : {}),
    receivedAt: now,
  };
}
