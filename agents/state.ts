/**
 * The conversation graph's state. It stays bounded: the last `historyWindow`
 * messages verbatim plus a short running summary, a few remembered slots and
 * the replies of the last message (kept so a replayed turn answers the same).
 */
import { Annotation } from '@langchain/langgraph';
import type { TurnMeta } from '../src/gateway/assistant.ts';
import type { ReplyDraft, Role } from '../src/gateway/messages.ts';
import type { Money } from './commerce/types.ts';
import type { ActionIntent, ProposedAction } from './proposed-action.ts';
import type { Intent } from './intents.ts';
import type { Slots } from './slots.ts';

export interface ChatMessage {
  role: 'user' | 'assistant';
  text: string;
  /** The knowledge article an assistant message answered from (shown in the console's transcript). */
  article?: string;
}

/** The message of this turn. A plain last-value channel: it never accumulates. */
export interface IncomingMessage {
  messageId: string;
  text: string;
  action?: string;
}

/** What the conversation was about, beyond the recent window; every list is capped. */
export interface RunningSummary {
  /** Messages that fell out of the window. */
  folded: number;
  /** Recent intents, oldest first. */
  intents: string[];
  /** Order numbers mentioned, oldest first. */
  orderIds: string[];
}

/** Something a specialist wrote, before it becomes text: an i18n key and its values. */
export interface Answer {
  key: string;
  values?: Record<string, string | number>;
}

export type Outcome = 'resolved' | 'failed' | 'clarify';

/** The work of the current turn: reset when a new message arrives. */
export interface TurnWork {
  /** `routing` while the turn runs, `done` once answered: a replayed message finds `done`. */
  stage: 'routing' | 'done';
  /** Slots named in this very message (the remembered ones live in `slots`). */
  messageSlots: Slots;
  intent: string;
  route: string;
  confidence: number;
  alternatives: string[];
  outcome: Outcome;
  answers: Answer[];
  tools: string[];
  choices?: { label: string; value: string }[];
  /** A specialist found an escalation due (high-risk intent) and says why. */
  escalate?: string;
  /** The amount a dispute is about, for the business rule on disputes. */
  disputeAmount?: Money;
  /** The order the turn was about, remembered for follow-ups. */
  orderId?: string;
  /** "And the other one?": the order just discussed, which this turn is not about. */
  excludedOrderId?: string;
  /** The action a question about the rules was worded like ("can I return sale items?"): offered under the answer. */
  offer?: ActionIntent;
  /** A request of another area the same message also made: named under the answer, with its button. */
  alsoAsked?: Intent;
  /** Set when a specialist asked a question whose answer continues this intent. */
  awaiting?: Awaiting;
  /** The action the person just said yes to: the specialist carries it out as it was proposed. */
  confirmed?: ProposedAction;
  /** What an earlier message of this request said that the intent still needs (the amount of a dispute...). */
  carried?: Carried;
  /** Said before the answer (the earlier question was dropped: "I haven't changed anything."). */
  notes?: Answer[];
  /** The router answered the turn itself (an awaited answer read on the spot): straight to the escalation policy. */
  answered?: boolean;
  /** More for the turn's meta (a rating). */
  extraMeta?: Record<string, unknown>;
}

/** What the first message of a request said, kept while the assistant asks which order it is about. */
export interface Carried {
  amount?: Money;
  text?: string;
}

/**
 * What the assistant asked and waits for. Each kind has one handler that reads
 * the next message as its answer (`agents/awaited/`).
 */
export type Awaiting =
  /** "Shall I...?": a yes carries out exactly this action. */
  | { kind: 'confirm'; action: ProposedAction }
  /** "Which order?": one of `offered` (or another of the customer's own), and `intent` continues with it. */
  | { kind: 'order'; intent: string; offered: string[]; carried?: Carried }
  /** "Is everything resolved?", after a person handled the conversation. */
  | { kind: 'resolution_check' }
  /** 1–5, after a person handled the conversation. */
  | { kind: 'rating' }
  /** "Do you recognise it?", about charges the assistant found on these orders. */
  | { kind: 'recognise'; orderIds: string[] }
  /** "Shall I put you through to a person?", after the knowledge base had no article. */
  | { kind: 'offer_person' }
  /** An action offered under an answer about the rules ("Return an order"): a yes starts that request. */
  /** An action offered under an answer; `orderId` when the answer was about one order ("would you like to return it?"). */
  | { kind: 'offer_action'; intent: ActionIntent; orderId?: string };

/** What a person taking over needs: why, what about, in which language. */
export interface EscalationTicket {
  reason: string;
  route: string;
  intent: string;
  summary: string;
  recent: ChatMessage[];
  language: string;
  market: string;
  customerId: string;
  role: Role;
}

export const MAX_SUMMARY_ITEMS = 8;

export const AssistantState = Annotation.Root({
  incoming: Annotation<IncomingMessage>(),
  lastMessageId: Annotation<string | undefined>(),
  messages: Annotation<ChatMessage[]>(),
  summary: Annotation<RunningSummary>(),
  customerId: Annotation<string>(),
  role: Annotation<Role>(),
  language: Annotation<string>(),
  market: Annotation<string>(),
  slots: Annotation<Slots>(),
  turn: Annotation<TurnWork>(),
  /** Failed or unclear turns in a row. */
  failures: Annotation<number>(),
  awaiting: Annotation<Awaiting | undefined>(),
  /** True while the thread waits for a person (interrupted at the handoff node). */
  paused: Annotation<boolean>(),
  ticket: Annotation<EscalationTicket | undefined>(),
  /** The replies to `lastMessageId`, and what the turn decided. */
  replies: Annotation<ReplyDraft[]>(),
  meta: Annotation<TurnMeta>(),
});

export type State = typeof AssistantState.State;
export type StateUpdate = typeof AssistantState.Update;

/** Appends messages and keeps the last `window`; returns how many fell out. */
export function appendBounded(messages: ChatMessage[] | undefined, added: ChatMessage[], window: number): { messages: ChatMessage[]; dropped: ChatMessage[] } {
  const all = [...(messages ?? []), ...added];
  const cut = Math.max(0, all.length - window);
  return { messages: all.slice(cut), dropped: all.slice(0, cut) };
}

/** Adds to a capped list, most recent last, without repeating the last item. */
export function pushCapped(list: string[], item: string | undefined, cap = MAX_SUMMARY_ITEMS): string[] {
  if (!item) return list;
  const next = list.filter((existing) => existing !== item);
  next.push(item);
  return next.slice(-cap);
}

export function emptySummary(): RunningSummary {
  return { folded: 0, intents: [], orderIds: [] };
}

/** The summary as one short line for tickets and (later) model prompts. */
export function describeSummary(summary: RunningSummary): string {
  const parts = [`topics: ${summary.intents.join(', ') || 'none'}`];
  if (summary.orderIds.length) parts.push(`orders: ${summary.orderIds.join(', ')}`);
  if (summary.folded) parts.push(`${summary.folded} earlier messages`);
  return parts.join('; ');
}
