/**
 * Actions that change money or state (moving a due date, registering a
 * return, opening a dispute, freezing a card) are never taken on the message
 * that asks for them. The specialist looks up exactly what it would act on
 * and asks "shall I...?", naming the order, the item and the amount, with
 * Yes/No buttons; the action is kept in the conversation as a
 * {@link ProposedAction} and carried out on a yes (see `awaited/confirm.ts`).
 * Only a reported stolen or lost card is frozen at once.
 */
import type { TFunction } from 'i18next';
import { hasSignal, startsWithSignal, wordCount } from './signals.ts';
import type { SpecialistResult } from './specialists/types.ts';
import type { Answer } from './state.ts';
import type { ProposedAction } from './proposed-action.ts';

export { ACTION_INTENTS, isActionIntent, type ActionIntent, type ProposedAction } from './proposed-action.ts';

/** The Yes/No buttons of a confirmation; they send the `affirm` and `deny` intents. */
export function confirmationChoices(t: TFunction): { label: string; value: string }[] {
  return [
    { label: String(t('choices.yes')), value: 'intent:affirm' },
    { label: String(t('choices.no')), value: 'intent:deny' },
  ];
}

/** The turn that asks "shall I...?": what was found first, then the question, Yes/No, and the action kept for the answer. */
export function askToConfirm(action: ProposedAction, question: Answer, t: TFunction, before: Answer[] = []): SpecialistResult {
  return { outcome: 'resolved', answers: [...before, question], choices: confirmationChoices(t), awaiting: { kind: 'confirm', action } };
}

/** Longer than this, a message is more than an answer to a yes/no question ("okay, thank you for opening that" is not a yes). */
const MAX_ANSWER_WORDS = 6;
const MAX_YES_WORDS = 5;

/**
 * A typed message read as the answer to a yes/no question, in the customer's
 * language or English: "yes please", "ja gerne", "nein danke". A short message
 * with a "no" in it is a no; a yes that names a number other than `expected`
 * ("yes, but order 1043") is not a plain yes, and neither is "ok thanks".
 */
export function yesOrNo(text: string, language: string, expected: readonly string[] = []): 'yes' | 'no' | undefined {
  if (wordCount(text) > MAX_ANSWER_WORDS) return undefined;
  if (hasSignal('no', text, language)) return 'no';
  if ((text.match(/\d+/g) ?? []).some((number) => !expected.includes(number))) return undefined;
  // "ok thanks", "oke bedankt": an acknowledgement with thanks closes the matter; it does not ask for more.
  if (startsWithSignal('acknowledge', text, language) && hasSignal('thanks', text, language)) return undefined;
  return wordCount(text) <= MAX_YES_WORDS && startsWithSignal('yes', text, language) ? 'yes' : undefined;
}
