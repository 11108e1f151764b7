/**
 * "Can I cancel my order?": the assistant has no tool that cancels, and says so, with what can
 * be done instead: the store may still stop an order not yet sent (a person asks them), and an
 * order that has arrived can be returned. Both are one button away.
 */
import { intentChoice } from '../render.ts';
import { hasSignal } from '../signals.ts';
import type { Flow } from './types.ts';

export const cancelOrderFlow: Flow = {
  intent: 'cancel_order',
  recognise: (text, language) => hasSignal('cancel_order', text, language),
  run: async ({ t }) => ({
    outcome: 'resolved',
    answers: [{ key: 'orders.cannot_cancel' }],
    choices: [intentChoice('human_agent', t), intentChoice('report_return', t)],
  }),
};
