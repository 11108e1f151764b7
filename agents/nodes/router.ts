/**
 * The router node: which intent (and so which specialist) a message is about.
 * A chosen button wins; a bare order number answers the question the assistant
 * just asked; otherwise the intent router (offline model today) decides, with
 * the conversation's rules on top (follow-ups, out of scope, see
 * `routing-rules.ts`). Below the confidence floor the turn becomes a
 * clarifying question; an action that changes something and was not asked for
 * clearly waits for a yes (`confirmation.ts`).
 */
import { confirmationReason, isActionIntent } from '../confirmation.ts';
import { INTENT_ROUTES, isIntent } from '../intents.ts';
import { agentText } from '../render.ts';
import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import type { State, StateUpdate } from '../state.ts';
import { turnContext, type GraphDependencies, type RoutingRecord } from './context.ts';
import { createIntakeNode } from './intake.ts';
import { ratingOf, ratingTurn } from './handoff-followup.ts';
import { followUpIntent, outOfScopeInstead } from './routing-rules.ts';

const ONLY_AN_ORDER_NUMBER = /^\W*(?:(?:order|it'?s|it is|number|nr|no)\W*)?#?\d{3,10}\W*$/i;

/**
 * Intake and routing in one node (one superstep less per turn): a replayed
 * message or a paused thread stops after intake; a new message is routed.
 */
export function createRouterNode(deps: GraphDependencies) {
  const intake = createIntakeNode(deps);
  return async (previous: State, config: LangGraphRunnableConfig): Promise<StateUpdate> => {
    const taken = intake(previous, config);
    if (previous.paused || taken.turn === undefined) return taken;
    const state = { ...previous, ...taken } as State;
    const { incoming, turn } = state;
    // The answer to the satisfaction question after a handoff: thank, record, done.
    const rating = state.awaiting?.kind === 'rating' ? ratingOf(incoming) : undefined;
    if (rating !== undefined) return { ...taken, ...ratingTurn(state, rating, deps.historyWindow) };
    const chosen = /^intent:([a-z_]+)$/.exec(incoming.action ?? '')?.[1];
    const confirming = state.awaiting?.kind === 'confirm' ? state.awaiting : undefined;
    let intent: string;
    let confidence: number;
    let alternatives: string[] = [];
    let routing: RoutingRecord = { decidedBy: 'rule' };
    let followUp = false;
    let { slots } = state;
    let { messageSlots } = turn;
    if (chosen && isIntent(chosen)) {
      intent = chosen;
      confidence = 1;
    } else if (state.awaiting?.kind === 'order' && turn.messageSlots.orderId && (ONLY_AN_ORDER_NUMBER.test(incoming.text) || incoming.action)) {
      intent = state.awaiting.intent;
      confidence = 1;
    } else {
      const previousIntent = state.summary.intents.at(-1);
      const prediction = await deps.intentRouter.predict(state.messages.at(-1)?.text ?? incoming.text, {
        language: state.language,
        previousIntent,
        history: state.messages.slice(0, -1),
      });
      intent = prediction.intent;
      confidence = prediction.confidence;
      alternatives = prediction.alternatives.map((alternative) => alternative.intent);
      routing = { decidedBy: prediction.decidedBy ?? 'offline', modelFailure: prediction.modelFailure, modelMs: prediction.modelMs };
      const continued = followUpIntent(prediction, previousIntent, deps.rules.minConfidence);
      const declined = continued ? undefined : outOfScopeInstead(prediction);
      if (continued) {
        ({ intent, score: confidence } = continued);
        followUp = true;
      } else if (declined) {
        intent = 'out_of_scope';
        confidence = declined.score;
      }
      // A model's slots only fill what the deterministic extraction missed.
      const added = Object.fromEntries(Object.entries(prediction.slots ?? {}).filter(([name]) => messageSlots[name as keyof typeof messageSlots] === undefined));
      messageSlots = { ...messageSlots, ...added };
      slots = { ...slots, ...added };
    }
    // The answer to "shall I...?": a yes (or naming the same action again) carries it out.
    let confirmed = false;
    if (confirming && isIntent(confirming.intent) && (intent === 'affirm' || intent === confirming.intent)) {
      intent = confirming.intent;
      confidence = 1;
      confirmed = true;
      routing = { decidedBy: 'rule' };
      if (!messageSlots.numbers?.length && confirming.numbers) messageSlots = { ...messageSlots, numbers: confirming.numbers };
    }
    turnContext(config).routing = routing;
    // An action that changes something waits for a yes unless it was asked for clearly (or continues the one just done).
    const t = agentText(state.language);
    const reason = confirmed || followUp ? undefined : confirmationReason({
      intent, confidence, text: state.messages.at(-1)?.text ?? incoming.text, language: state.language,
      actionConfidence: deps.rules.actionConfidence, t, english: agentText('en'),
    });
    const pendingAction = reason && isActionIntent(intent) ? { intent, reason } : undefined;
    // A question about policy is answered as one; the action is offered after the answer.
    if (pendingAction?.reason === 'policy_question') intent = 'policy_question';
    const route = isIntent(intent) ? INTENT_ROUTES[intent] : 'general';
    const unsure = confidence < deps.rules.minConfidence && !followUp && !pendingAction;
    const outcome = unsure ? 'clarify' : turn.outcome;
    return { ...taken, slots, turn: { ...turn, messageSlots, intent, route, confidence, alternatives, outcome, followUp, ...(pendingAction ? { pendingAction } : {}) } };
  };
}

/**
 * After routing: a paused thread goes back to the handoff, a replay ends, an
 * unclear message goes straight to the policy node (clarifying question), the
 * rest to their specialist.
 */
export function afterRouter(state: State): string {
  if (state.paused) return 'handoff';
  if (state.turn?.stage !== 'routing') return '__end__';
  if (state.turn.outcome === 'clarify' || state.turn.pendingAction?.reason === 'unsure') return 'policy';
  return state.turn.route;
}
