/**
 * "Something is wrong with my account", "a question about my account": too vague to act on, and no charge,
 * log-in or card was named. The assistant asks what is wrong, offering the
 * account matters it can help with and a person; the choice routes as that
 * intent. A longer message that says more is left to the classifier.
 */
import { clarifyChoices } from '../render.ts';
import { hasSignal, wordCount } from '../signals.ts';
import type { Flow } from './types.ts';

/** Longer than this, the message says what is wrong: the classifier reads it. */
const MAX_VAGUE_WORDS = 12;

export const accountProblemFlow: Flow = {
  intent: 'account_problem',
  recognise: (text, language) =>
    wordCount(text) <= MAX_VAGUE_WORDS && hasSignal('account_problem', text, language) && !hasSignal('fraud', text, language) && !hasSignal('double_charge', text, language),
  run: async ({ t, text, language }) => ({
    outcome: 'resolved',
    // "I have a question about my account" is no complaint: asked what they would like to know, not what is wrong.
    answers: [{ key: hasSignal('question_about', text, language) ? 'account_problem.question' : 'account_problem.ask' }],
    choices: clarifyChoices(['login_help', 'unrecognised_charge', 'personal_details'], t),
  }),
};
