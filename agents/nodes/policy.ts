/**
 * The escalation policy, run by the node that answers the turn (after the specialist): it decides whether a person
 * takes over (see `escalation.ts`), writes the reply in the person's language,
 * remembers what the reply asked (`awaiting`), and keeps the turn's outcome
 * with it (TurnResult.meta).
 */
import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import type { TurnMeta } from '../../src/gateway/assistant.ts';
import { decideEscalation, frustrationScore } from '../escalation.ts';
import { agentText, clarifyChoices, intentChoice, renderAnswers } from '../render.ts';
import { appendBounded, describeSummary, pushCapped, type EscalationTicket, type State, type StateUpdate } from '../state.ts';
import { routingMeta, type GraphDependencies, type TurnContext } from './context.ts';

export function createPolicyNode(deps: GraphDependencies) {
  return (state: State, config: LangGraphRunnableConfig): StateUpdate => {
    const { turn } = state;
    const routing = (config as { context?: TurnContext }).context?.routing;
    const t = agentText(state.language);
    const text = state.messages.at(-1)?.text ?? '';
    const reason = decideEscalation(
      {
        outcome: turn.outcome,
        failuresBefore: state.failures ?? 0,
        specialistReason: turn.escalate,
        disputeAmount: turn.disputeAmount,
        frustration: frustrationScore(text, state.language, t, agentText('en')),
      },
      deps.rules,
    );
    const orderId = turn.orderId ?? turn.messageSlots.orderId;
    const summary = { ...state.summary, intents: pushCapped(state.summary.intents, turn.intent), orderIds: pushCapped(state.summary.orderIds, orderId) };
    const meta: TurnMeta = {
      route: turn.route, intent: turn.intent, confidence: Number(turn.confidence.toFixed(3)), escalated: reason !== undefined, tools: turn.tools,
      ...routingMeta(routing), ...(turn.confirmed ? { confirmed: true } : {}), ...turn.extraMeta,
    };
    let reply: string;
    let choices = turn.choices;
    const { awaiting, outcome } = turn;
    const notes = turn.notes ?? [];
    let ticket: EscalationTicket | undefined;
    if (reason) {
      meta.escalationReason = reason;
      // A question the turn asked (its last answer) would never be read: a person has the thread now.
      const answers = awaiting ? turn.answers.slice(0, -1) : turn.answers;
      const said = renderAnswers(turn.outcome === 'clarify' ? notes : [...notes, ...answers], t);
      reply = [said, `${String(t(`escalation.intro.${reason}`))} ${String(t('escalation.handoff'))}`].filter(Boolean).join('\n\n');
      choices = undefined;
      ticket = {
        reason,
        route: turn.route,
        intent: turn.intent,
        summary: describeSummary(summary),
        recent: state.messages.slice(-6),
        language: state.language,
        market: state.market,
        customerId: state.customerId,
        role: state.role,
      };
    } else if (turn.outcome === 'clarify') {
      // Unsure, and most likely off-topic: say what the assistant does, with the menu.
      reply = [renderAnswers(notes, t), String(t(turn.intent === 'out_of_scope' ? 'general.out_of_scope' : 'clarify.question'))].filter(Boolean).join('\n\n');
      choices = clarifyChoices([turn.intent, ...turn.alternatives], t);
    } else if (turn.alsoAsked && !awaiting) {
      // A second request of the same message: named after the answer, one tap away.
      reply = renderAnswers([...notes, ...turn.answers, { key: 'common.also_asked', values: { topic: String(t(`intents.${turn.alsoAsked}`)) } }], t);
      choices = [...(choices ?? []), intentChoice(turn.alsoAsked, t)];
    } else {
      reply = renderAnswers([...notes, ...turn.answers], t);
    }
    const { messages, dropped } = appendBounded(state.messages, [{ role: 'assistant', text: reply, ...(typeof meta.article === 'string' ? { article: meta.article } : {}) }], deps.historyWindow);
    return {
      messages,
      summary: { ...summary, folded: summary.folded + dropped.length },
      failures: reason || outcome === 'resolved' ? 0 : (state.failures ?? 0) + 1,
      awaiting: reason ? undefined : awaiting,
      paused: reason !== undefined,
      ticket,
      replies: [{ text: reply, ...(choices?.length ? { choices } : {}), meta }],
      meta,
      turn: { ...turn, outcome, awaiting, stage: 'done' },
    };
  };
}

/** After the policy: the handoff when a person takes over, else the turn is done. */
export function afterPolicy(state: State): 'handoff' | '__end__' {
  return state.paused ? 'handoff' : '__end__';
}
