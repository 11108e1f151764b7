/**
 * "What can you help me with?": a question about the assistant, not a matter of its own.
 * The assistant says what it can do, with examples, and offers the commonest requests and a
 * person as buttons. A message that goes on to name a matter ("how can you help me with my
 * refund") is left to the classifier.
 */
import { clarifyChoices } from '../render.ts';
import { signalLexicon, signalText, wordCount } from '../signals.ts';
import type { Flow } from './types.ts';

/** Words a message may have besides the question itself ("hi", "so", "exactly", "here"). */
const MAX_OTHER_WORDS = 2;

function asksWhatAssistantDoes(text: string, language: string): boolean {
  const padded = signalText(text);
  const words = wordCount(text);
  return signalLexicon('asks_capabilities', language).some(
    ({ phrase }) => padded.includes(` ${phrase} `) && words - phrase.split(' ').length <= MAX_OTHER_WORDS,
  );
}

export const capabilitiesFlow: Flow = {
  intent: 'capabilities',
  recognise: asksWhatAssistantDoes,
  run: async ({ t }) => ({
    outcome: 'resolved',
    answers: [{ key: 'general.capabilities' }],
    choices: clarifyChoices(['payment_schedule', 'order_status', 'report_return'], t),
  }),
};
