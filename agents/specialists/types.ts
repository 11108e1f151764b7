/**
 * What every specialist receives and returns. A specialist acts through its
 * toolbox (bound to the verified identity) and answers with i18n keys and
 * values; the escalation policy turns them into text in the person's language.
 */
import type { TFunction } from 'i18next';
import type { Money, Order } from '../commerce/types.ts';
import type { ActionIntent, ProposedAction } from '../proposed-action.ts';
import type { AnyIntent } from '../intents.ts';
import type { Slots } from '../slots.ts';
import type { Answer, Awaiting, Carried, Outcome } from '../state.ts';
import type { Toolbox } from '../tools/toolbox.ts';

/** Money, dates and orders written out for the turn's language and market. */
export interface Formatter {
  money(value: Money): string;
  date(isoDate: string): string;
  /** One line describing an order: number, items, total, status. */
  orderLine(order: Order): string;
}

export interface SpecialistContext {
  intent: AnyIntent;
  /** How sure the router was of `intent` (1 for a button, a flow's own words or a confirmed answer). */
  confidence: number;
  text: string;
  /** Slots of this turn: named now or remembered from earlier turns. */
  slots: Slots;
  /** Slots named in this very message. */
  mentioned: Slots;
  /** The order the conversation was last about, if any. It serves only a message that points back at it. */
  remembered?: string;
  /** The message points back at what was just discussed ("and when will it arrive?"). */
  pointsBack: boolean;
  /** The intent of the turn before, if any: what "how many days do I have for that?" is about. */
  previousIntent?: string;
  /** "And the other one?": the order just discussed, which this request is not about. */
  excluded?: string;
  /** The action a question about the rules was worded like: offered as a button under the answer. */
  offer?: ActionIntent;
  /** The action the person just confirmed: carry it out exactly as proposed. */
  confirmed?: ProposedAction;
  /** What the first message of this request said (while the assistant asked which order). */
  carried?: Carried;
  toolbox: Toolbox;
  format: Formatter;
  /** The `agent` namespace in the turn's language, for values that are words (statuses, lists). */
  t: TFunction;
  language: string;
  /** The market the turn is answered in (the customer's own record decides it). */
  market: string;
}

export interface SpecialistResult {
  outcome: Outcome;
  answers: Answer[];
  choices?: { label: string; value: string }[];
  /** An escalation the specialist knows is due (a high-risk intent), by reason. */
  escalate?: string;
  disputeAmount?: Money;
  awaiting?: Awaiting;
  /** The order the turn turned out to be about, remembered for follow-ups. */
  orderId?: string;
  /** More for the turn's meta (the knowledge article that answered). */
  extraMeta?: Record<string, unknown>;
}

export type Specialist = (context: SpecialistContext) => Promise<SpecialistResult>;
