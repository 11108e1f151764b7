/**
 * "I have a problem with a payment": too vague to act on, and not a reason to
 * call a person yet. The assistant asks what is wrong, offering the payment
 * matters it can help with and a person; the choice routes as that intent. A
 * longer message that says more, or names a double charge, fraud or a declined
 * payment, is left to those flows and the classifier.
 */
import { clarifyChoices } from '../render.ts';
import { hasSignal, wordCount } from '../signals.ts';
import type { Flow } from './types.ts';

/** Longer than this, the message says what is wrong: the classifier reads it. */
const MAX_VAGUE_WORDS = 10;

export const paymentProblemFlow: Flow = {
  intent: 'payment_problem',
  recognise: (text, language) =>
    wordCount(text) <= MAX_VAGUE_WORDS &&
    hasSignal('payment_problem', text, language) &&
    !['fraud', 'double_charge', 'declined_payment', 'frustration'].some((signal) => hasSignal(signal, text, language)),
  run: async ({ t }) => ({
    outcome: 'resolved',
    answers: [{ key: 'payment_problem.ask' }],
    choices: clarifyChoices(['unrecognised_charge', 'dispute_purchase', 'payment_schedule'], t),
  }),
};
