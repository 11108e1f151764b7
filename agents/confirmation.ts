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
import type { Money } from './commerce/types.ts';
import type { EscalationReason } from './escalation.ts';
import type { Intent } from './intents.ts';
import { hasSignal, startsWithSignal, wordCount } from './signals.ts';
import type { SpecialistResult } from './specialists/types.ts';
import type { Answer } from './state.ts';

/** Intents whose specialist changes the customer's records. */
export const ACTION_INTENTS = ['extend_due_date', 'report_return', 'card_block', 'dispute_purchase'] as const satisfies readonly Intent[];
export type ActionIntent = (typeof ACTION_INTENTS)[number];

export function isActionIntent(intent: string): intent is ActionIntent {
  return (ACTION_INTENTS as readonly string[]).includes(intent);
}

/** Exactly what a yes will do: the action and what it acts on, fixed when the question was asked. */
export interface ProposedAction {
  intent: ActionIntent;
  orderId?: string;
  instalmentId?: string;
  /** The card to freeze; none: every card of the customer. */
  cardLast4?: string;
  amount?: Money;
  /** What the customer wrote, kept with a dispute (already masked). */
  reason?: string;
  /** A hand-off to a person that follows the answer, whatever it is (a charge the customer does not know). */
  escalateAfter?: EscalationReason;
}

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
 * ("yes, but order 1043") is not a plain yes.
 */
export function yesOrNo(text: string, language: string, expected: readonly string[] = []): 'yes' | 'no' | undefined {
  if (wordCount(text) > MAX_ANSWER_WORDS) return undefined;
  if (hasSignal('no', text, language)) return 'no';
  if ((text.match(/\d+/g) ?? []).some((number) => !expected.includes(number))) return undefined;
  return wordCount(text) <= MAX_YES_WORDS && startsWithSignal('yes', text, language) ? 'yes' : undefined;
}
