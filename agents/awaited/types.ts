/**
 * An awaited answer: the assistant asked something (a yes or no, which order,
 * a rating...) and the next message is first read as its answer, by the one
 * handler of that kind of question. A handler either continues the request,
 * answers on the spot, or finds the message is no answer: then it is routed
 * like any new message.
 */
import type { ProposedAction } from '../confirmation.ts';
import type { AnyIntent, Route } from '../intents.ts';
import type { Slots } from '../slots.ts';
import type { SpecialistResult } from '../specialists/types.ts';
import type { Answer, Awaiting, Carried } from '../state.ts';
import type { Toolbox } from '../tools/toolbox.ts';
import type { TFunction } from 'i18next';

/** The message as an answer: its (masked) text, a chosen button, its slots. */
export interface AnswerMessage {
  text: string;
  action?: string;
  language: string;
  slots: Slots;
  toolbox: Toolbox;
  t: TFunction;
}

export type Reading =
  /** It answers the question, and the request goes on: `intent` runs with what was confirmed or chosen. */
  | { kind: 'continue'; intent: AnyIntent; confirmed?: ProposedAction; orderId?: string; carried?: Carried }
  /** It answers the question, and this is the reply (no specialist needed). */
  | { kind: 'answered'; intent: string; route: Route; result: SpecialistResult; meta?: Record<string, unknown> }
  /** It is not an answer: route it as a new message, after these notes. */
  | { kind: 'new_message'; notes?: Answer[] };

export interface AwaitedAnswer<K extends Awaiting['kind'] = Awaiting['kind']> {
  kind: K;
  read(awaiting: Extract<Awaiting, { kind: K }>, message: AnswerMessage): Reading | Promise<Reading>;
}

/** A handler of any one kind. */
export type AnyAwaitedAnswer = { [K in Awaiting['kind']]: AwaitedAnswer<K> }[Awaiting['kind']];

/** Declares a handler with its kind checked against {@link Awaiting}. */
export function awaitedAnswer<K extends Awaiting['kind']>(handler: AwaitedAnswer<K>): AwaitedAnswer<K> {
  return handler;
}

/** The yes/no buttons of a question, read as they were meant. */
export function chosenYesNo(action: string | undefined): 'yes' | 'no' | undefined {
  if (action === 'intent:affirm') return 'yes';
  if (action === 'intent:deny') return 'no';
  return undefined;
}

const ONLY_AN_ORDER_NUMBER = /^\W*(?:(?:order|it'?s|it is|number|nr|no)\W*)?#?\d{3,10}\W*$/i;

/** A reply that is an order number and nothing more ("1043", "#1043", "order 1043"). */
export function isOnlyAnOrderNumber(text: string): boolean {
  return ONLY_AN_ORDER_NUMBER.test(text);
}
