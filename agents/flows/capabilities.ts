/**
 * "What can you help me with?": a question about the assistant, not a matter of its own.
 * The assistant says what it can do, with examples, and offers the commonest requests and a
 * person as buttons. A message that goes on to name a matter ("how can you help me with my
 * refund") is left to the classifier.
 */
import { clarifyChoices } from '../render.ts';
import { saysLittleBesidesSignal } from '../signals.ts';
import type { Flow } from './types.ts';

/** Words a message may have besides the question itself ("hi", "so", "exactly", "here"). */
const MAX_OTHER_WORDS = 2;

export const capabilitiesFlow: Flow = {
  intent: 'capabilities',
  recognise: (text, language) => saysLittleBesidesSignal('asks_capabilities', text, language, MAX_OTHER_WORDS),
  run: async ({ t }) => ({
    outcome: 'resolved',
    answers: [{ key: 'general.capabilities' }],
    choices: clarifyChoices(['payment_schedule', 'order_status', 'report_return'], t),
  }),
};
