/** The answer to the satisfaction question after a person handled the conversation: 1–5, thanked and recorded (`meta.rating`). */
import { ratingOf } from '../nodes/handoff-followup.ts';
import { awaitedAnswer } from './types.ts';

export const ratingAnswer = awaitedAnswer({
  kind: 'rating',
  read(_awaiting, message) {
    const rating = ratingOf(message);
    if (rating === undefined) return { kind: 'new_message' };
    return { kind: 'answered', intent: 'rating', route: 'general', result: { outcome: 'resolved', answers: [{ key: 'handoff:rating.thanks' }] }, meta: { rating } };
  },
});
