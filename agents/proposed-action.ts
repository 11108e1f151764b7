/**
 * What a confirmation question proposes: the action a yes will carry out. Kept apart from
 * `confirmation.ts` so the graph's state and the specialists' types can name it without
 * importing the confirmation logic (which itself needs both): no import circle.
 */
import type { Money } from './commerce/types.ts';
import type { EscalationReason } from './escalation-reason.ts';
import type { Intent } from './intents.ts';

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
