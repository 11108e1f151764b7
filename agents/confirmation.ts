/**
 * Actions that change something for the customer (moving a due date,
 * registering a return, freezing a card, opening a dispute) run only on a
 * clear request. When the router is unsure, or the message reads as a
 * question about policy ("does it cost anything to...?", "how many days do I
 * have to...?"), the assistant asks "shall I...?" with Yes/No first. A stolen
 * card is not gated: freezing it at once is the safe thing.
 */
import type { TFunction } from 'i18next';
import { containsPhrase, signalLexicon } from './escalation.ts';
import type { Intent } from './intents.ts';
import { normalizeText } from './models/offline/normalize.ts';
import type { Slots } from './slots.ts';
import type { Awaiting } from './state.ts';
import { EXTENSION_DAYS } from './tools/toolbox.ts';

/** Intents whose specialist changes the customer's records. */
export const ACTION_INTENTS = ['extend_due_date', 'report_return', 'card_block', 'dispute_purchase'] as const satisfies readonly Intent[];
export type ActionIntent = (typeof ACTION_INTENTS)[number];

/** Why an action waits for a yes: the router was unsure, or the message asked about policy. */
export type ConfirmReason = 'unsure' | 'policy_question';

/** An action held back this turn, until the person confirms it. */
export interface PendingAction {
  intent: ActionIntent;
  reason: ConfirmReason;
}

export function isActionIntent(intent: string): intent is ActionIntent {
  return (ACTION_INTENTS as readonly string[]).includes(intent);
}

/**
 * Whether a message asks about cost, time limits or rules rather than asking
 * for something to be done: a phrase of the language's `signals.policy_question`
 * lexicon (or the English one).
 */
export function readsAsPolicyQuestion(text: string, language: string, t: TFunction, english: TFunction): boolean {
  const normalized = ` ${normalizeText(text)} `;
  return signalLexicon('policy_question', language, t, english).some((phrase) => containsPhrase(normalized, phrase));
}

export interface ActionCheck {
  intent: string;
  confidence: number;
  text: string;
  language: string;
  /** Below this confidence an action is confirmed first. */
  actionConfidence: number;
  t: TFunction;
  english: TFunction;
}

/** Why this action must wait for a yes, or undefined when the request is clear enough to act on. */
export function confirmationReason(check: ActionCheck): ConfirmReason | undefined {
  if (!isActionIntent(check.intent)) return undefined;
  if (readsAsPolicyQuestion(check.text, check.language, check.t, check.english)) return 'policy_question';
  if (check.confidence < check.actionConfidence) return 'unsure';
  return undefined;
}

/** The "shall I...?" question for an action, naming the order or card it would act on. */
export function confirmationQuestion(intent: ActionIntent, slots: Slots, t: TFunction): string {
  switch (intent) {
    case 'extend_due_date':
      return String(t('confirm.extend_due_date', { days: EXTENSION_DAYS }));
    case 'card_block':
      return String(slots.cardLast4 ? t('confirm.card_block_card', { card: slots.cardLast4 }) : t('confirm.card_block'));
    case 'report_return':
    case 'dispute_purchase':
      return String(slots.orderId ? t(`confirm.${intent}_order`, { orderId: slots.orderId }) : t(`confirm.${intent}`));
  }
}

/** The Yes/No buttons of a confirmation; they send the `affirm` and `deny` intents. */
export function confirmationChoices(t: TFunction): { label: string; value: string }[] {
  return [
    { label: String(t('choices.yes')), value: 'intent:affirm' },
    { label: String(t('choices.no')), value: 'intent:deny' },
  ];
}

/** What the next turn waits for: a yes or no to this action (with the bare numbers named, which a yes still needs). */
export function awaitingConfirmation(intent: ActionIntent, mentioned: Slots): Awaiting {
  return { kind: 'confirm', intent, ...(mentioned.numbers?.length ? { numbers: mentioned.numbers } : {}) };
}
