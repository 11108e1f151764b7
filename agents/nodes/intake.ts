/**
 * The first step of every run (inside the router node). It recognises a replayed message (same id as the
 * last one: the stored replies stand, nothing runs again), answers messages that
 * arrive while a person has the conversation, and otherwise takes the message
 * into the bounded history with its slots.
 */
import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import { maskSensitive } from '../pii.ts';
import { agentText } from '../render.ts';
import { extractSlots, type Slots } from '../slots.ts';
import { appendBounded, emptySummary, type State, type StateUpdate, type TurnWork } from '../state.ts';
import { turnContext, type GraphDependencies } from './context.ts';

/** Slots worth remembering across turns; amounts and dates belong to one message. */
function remembered(previous: Slots | undefined, current: Slots): Slots {
  const { orderId, cardLast4, phone, email } = { ...previous, ...current };
  return { orderId, cardLast4, phone, email };
}

export function createIntakeNode(deps: GraphDependencies) {
  return (state: State, config: LangGraphRunnableConfig): StateUpdate => {
    const { incoming } = state;
    if (incoming.messageId === state.lastMessageId) return {};
    const context = turnContext(config);
    const text = maskSensitive(incoming.text);
    const { messages, dropped } = appendBounded(state.messages, [{ role: 'user', text }], deps.historyWindow);
    const summary = state.summary ?? emptySummary();
    const base: StateUpdate = {
      lastMessageId: incoming.messageId,
      messages,
      summary: dropped.length ? { ...summary, folded: summary.folded + dropped.length } : summary,
      customerId: context.identity.id,
      role: context.identity.role,
      language: context.language,
      market: context.market,
    };
    if (state.paused) {
      const meta = { route: state.ticket?.route ?? 'general', intent: state.ticket?.intent ?? 'human_agent', confidence: 1, escalated: false, tools: [], awaitingAgent: true };
      return { ...base, replies: [{ text: String(agentText(context.language)('escalation.waiting')), meta }], meta };
    }
    const current = extractSlots(text, { market: context.market, currency: context.currency });
    const chosenOrder = /^order:(\d{1,12})$/.exec(incoming.action ?? '');
    if (chosenOrder) current.orderId = chosenOrder[1];
    const turn: TurnWork = { stage: 'routing', messageSlots: current, intent: '', route: 'general', confidence: 0, alternatives: [], outcome: 'resolved', answers: [], tools: [] };
    return { ...base, slots: { ...remembered(state.slots, current), amount: current.amount, date: current.date }, turn };
  };
}

