/** The answer to "shall I put you through to a person?", asked when no article answered the question. */
import { yesOrNo } from '../confirmation.ts';
import { awaitedAnswer, chosenYesNo } from './types.ts';

export const offerPersonAnswer = awaitedAnswer({
  kind: 'offer_person',
  read(_awaiting, message) {
    const answer = chosenYesNo(message.action) ?? yesOrNo(message.text, message.language);
    // Yes: the escalation policy hands the conversation over, as for any request for a person.
    if (answer === 'yes') return { kind: 'answered', intent: 'human_agent', route: 'general', result: { outcome: 'resolved', answers: [], escalate: 'requested_human' } };
    if (answer === 'no') return { kind: 'answered', intent: 'deny', route: 'general', result: { outcome: 'resolved', answers: [{ key: 'general.anything_else' }] } };
    return { kind: 'new_message' };
  },
});
