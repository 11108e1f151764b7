/**
 * The answer to an action offered under an answer about the rules ("can I return sale items?" →
 * "Return an order"): a yes starts that request, which names the order and asks before it acts;
 * a no closes it. Anything else is a new message.
 */
import { yesOrNo } from '../confirmation.ts';
import { awaitedAnswer, chosenYesNo } from './types.ts';

export const offerActionAnswer = awaitedAnswer({
  kind: 'offer_action',
  read({ intent, orderId }, message) {
    const answer = chosenYesNo(message.action) ?? (message.action ? undefined : yesOrNo(message.text, message.language));
    if (answer === 'yes') return { kind: 'continue', intent, ...(orderId ? { orderId } : {}) };
    if (answer === 'no') return { kind: 'answered', intent: 'deny', route: 'general', result: { outcome: 'resolved', answers: [{ key: 'general.anything_else' }] } };
    return { kind: 'new_message' };
  },
});
