/**
 * One handler per kind of question the assistant waits for an answer to. The
 * flows bring the handlers of their own questions. A new kind is a new file
 * and a line here (or a flow's `answers`).
 */
import { FLOWS } from '../flows/index.ts';
import type { Awaiting } from '../state.ts';
import { confirmAnswer } from './confirm.ts';
import { offerActionAnswer } from './offer-action.ts';
import { offerPersonAnswer } from './offer-person.ts';
import { orderChoiceAnswer } from './order-choice.ts';
import { ratingAnswer } from './rating.ts';
import { resolutionCheckAnswer } from './resolution-check.ts';
import type { AnswerMessage, AnyAwaitedAnswer, AwaitedAnswer, Reading } from './types.ts';

const HANDLERS: readonly AnyAwaitedAnswer[] = [
  confirmAnswer,
  orderChoiceAnswer,
  ratingAnswer,
  resolutionCheckAnswer,
  offerPersonAnswer,
  offerActionAnswer,
  ...FLOWS.flatMap((flow) => (flow.answers ? [flow.answers] : [])),
];

/** Reads a message as the answer to what the assistant asked; a kind without a handler reads nothing. */
export async function readAnswer(awaiting: Awaiting, message: AnswerMessage): Promise<Reading> {
  const handler = HANDLERS.find((candidate) => candidate.kind === awaiting.kind) as AwaitedAnswer | undefined;
  return handler ? handler.read(awaiting as never, message) : { kind: 'new_message' };
}
