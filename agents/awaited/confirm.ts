/**
 * The answer to "shall I...?". A yes in the customer's language (or the Yes
 * button) carries out exactly the action that was proposed. A short reply that
 * only names an order ("the one for the headphones", "1042") asks the question
 * again for that order, and acts on nothing. Anything else cancels it and says
 * so; a message that is more than a no is then answered as the new message it
 * is. An action whose question came with a hand-off (freeze the card, then our
 * fraud team) hands off either way.
 */
import { yesOrNo, type ProposedAction } from '../confirmation.ts';
import { asksWhy } from '../flows/asks-why.ts';
import { ordersNamedByItem } from '../item-words.ts';
import { wordCount } from '../signals.ts';
import { awaitedAnswer, chosenYesNo, isOnlyAnOrderNumber, type AnswerMessage } from './types.ts';

/** Longer than this, a message with a "no" in it says something more. */
const PLAIN_NO_WORDS = 3;
/** A reply naming an order ("the one for the headphones please") is short; longer, it is a new question. */
const MAX_ORDER_REPLY_WORDS = 6;

/** The one order of the customer a short reply names, by number or by an item, if it names exactly one. */
async function namedOrder(action: ProposedAction, message: AnswerMessage): Promise<string | undefined> {
  if (!action.orderId || action.escalateAfter || wordCount(message.text) > MAX_ORDER_REPLY_WORDS) return undefined;
  const typed = message.slots.orderId ?? message.slots.numbers?.[0];
  if (typed && isOnlyAnOrderNumber(message.text)) return typed;
  const listed = await message.toolbox.listOrders(20);
  const named = listed.ok ? ordersNamedByItem(message.text, listed.orders) : [];
  return named.length === 1 ? named[0]!.id : undefined;
}

export const confirmAnswer = awaitedAnswer({
  kind: 'confirm',
  async read({ action }, message) {
    // "Why not?" is a yes in many languages, and a question in others: neither is clear enough to act on. Ask again.
    if (!message.action && asksWhy(message.text, message.language)) return { kind: 'continue', intent: action.intent, ...(action.orderId ? { orderId: action.orderId } : {}) };
    const expected = [action.orderId, action.cardLast4].filter((value): value is string => value !== undefined);
    const answer = chosenYesNo(message.action) ?? (message.action ? undefined : yesOrNo(message.text, message.language, expected));
    if (answer === 'yes') return { kind: 'continue', intent: action.intent, confirmed: action };
    // "The one for the headphones": not a yes, not a no. Ask again, about the order named.
    const orderId = answer ? undefined : await namedOrder(action, message);
    if (orderId) return { kind: 'continue', intent: action.intent, orderId };
    if (action.escalateAfter) {
      return { kind: 'answered', intent: 'deny', route: 'disputes', result: { outcome: 'resolved', answers: [{ key: 'confirm.not_frozen' }], escalate: action.escalateAfter } };
    }
    // A bare no ends here; "wait, where is my jacket?" is also a new question, answered after saying nothing changed.
    if (answer === 'no' && (message.action || wordCount(message.text) <= PLAIN_NO_WORDS)) {
      return { kind: 'answered', intent: 'deny', route: 'general', result: { outcome: 'resolved', answers: [{ key: 'confirm.cancelled' }] } };
    }
    return { kind: 'new_message', notes: [{ key: 'confirm.cancelled_note' }] };
  },
});
