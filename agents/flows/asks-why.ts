/**
 * "Why not?" after an answer: the assistant has said what the tools show and has no more
 * reasons of its own to give, so it says so and offers a person who can look further. It
 * never reads "why not?" as a no (nor, under a yes/no question, as a yes: `awaited/confirm.ts`).
 */
import { intentChoice } from '../render.ts';
import { saysLittleBesidesSignal } from '../signals.ts';
import type { Flow } from './types.ts';

/** "But why?", "ok why not": one word besides the question. */
export const MAX_WORDS_BESIDES_WHY = 1;

export const asksWhy = (text: string, language: string) => saysLittleBesidesSignal('asks_why', text, language, MAX_WORDS_BESIDES_WHY);

export const asksWhyFlow: Flow = {
  intent: 'asks_why',
  recognise: asksWhy,
  run: async ({ t }) => ({ outcome: 'resolved', answers: [{ key: 'general.why' }], choices: [intentChoice('human_agent', t)] }),
};
