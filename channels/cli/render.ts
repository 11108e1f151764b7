import type { OutboundMessage } from '../../src/gateway/messages.ts';
import { shortenText } from '../../src/gateway/text-fit.ts';

/** Longest reply the terminal prints as one message (a longer one ends in an ellipsis). */
export const CLI_TEXT_LIMIT = 10_000;

/**
 * A reply as the terminal prints it: the text, then its choices as a numbered list (a
 * terminal has no buttons; the person types the answer).
 */
export function renderCliReply(message: Pick<OutboundMessage, 'text' | 'choices'>): string {
  const choices = message.choices?.length ? `\n${message.choices.map((choice, index) => `  [${index + 1}] ${choice.label}`).join('\n')}` : '';
  return `${shortenText(message.text, CLI_TEXT_LIMIT)}${choices}`;
}
