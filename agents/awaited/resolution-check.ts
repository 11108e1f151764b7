/** The answer to "is everything resolved?" after a person handled the conversation. */
import { yesOrNo } from '../confirmation.ts';
import { awaitedAnswer, chosenYesNo } from './types.ts';

export const resolutionCheckAnswer = awaitedAnswer({
  kind: 'resolution_check',
  read(_awaiting, message) {
    const answer = chosenYesNo(message.action) ?? yesOrNo(message.text, message.language);
    if (answer === 'yes') return { kind: 'answered', intent: 'affirm', route: 'general', result: { outcome: 'resolved', answers: [{ key: 'general.glad_resolved' }] } };
    if (answer === 'no') return { kind: 'answered', intent: 'deny', route: 'general', result: { outcome: 'failed', answers: [{ key: 'general.sorry_not_resolved' }] } };
    return { kind: 'new_message' };
  },
});
