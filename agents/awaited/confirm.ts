/**
 * The answer to "shall I...?". A yes in the customer's language (or the Yes
 * button) carries out exactly the action that was proposed. Anything else
 * cancels it and says so; a message that is more than a no is then answered
 * as the new message it is. An action whose question came with a hand-off
 * (freeze the card, then our fraud team) hands off either way.
 */
import { yesOrNo } from '../confirmation.ts';
import { wordCount } from '../signals.ts';
import { awaitedAnswer, chosenYesNo } from './types.ts';

/** Longer than this, a message with a "no" in it says something more. */
const PLAIN_NO_WORDS = 3;

export const confirmAnswer = awaitedAnswer({
  kind: 'confirm',
  read({ action }, message) {
    const expected = [action.orderId, action.cardLast4].filter((value): value is string => value !== undefined);
    const answer = chosenYesNo(message.action) ?? (message.action ? undefined : yesOrNo(message.text, message.language, expected));
    if (answer === 'yes') return { kind: 'continue', intent: action.intent, confirmed: action };
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
