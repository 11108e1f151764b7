/**
 * The router node: what a message is about, in this order.
 *  1. The answer to what the assistant asked (a yes or no, which order, a
 *     rating...), read by that question's own handler (`agents/awaited/`).
 *  2. A chosen button.
 *  3. A flow its own words call for (a complaint, a double charge, a question
 *     about a dispute: `agents/flows/`).
 *  4. A short follow-up only the conversation explains: a bare order number,
 *     "and the other one?" (`routing-rules.ts`).
 *  5. The intent router (offline model, or an LLM), with the conversation's
 *     rules on top (follow-ups, out of scope: `routing-rules.ts`). Below the
 *     confidence floor the turn becomes a clarifying question, unless the
 *     company's articles clearly answer it (then it is a policy question).
 * Actions are never taken here: their specialists ask "shall I...?" first.
 */
import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import { readAnswer } from '../awaited/index.ts';
import type { Reading } from '../awaited/types.ts';
import { isActionIntent } from '../confirmation.ts';
import { recogniseFlow } from '../flows/index.ts';
import { isIntent, routeOf } from '../intents.ts';
import { ordersNamedByItem } from '../item-words.ts';
import { agentText } from '../render.ts';
import { hasSignal } from '../signals.ts';
import type { State, StateUpdate, TurnWork } from '../state.ts';
import type { Toolbox } from '../tools/toolbox.ts';
import { turnContext, type GraphDependencies, type RoutingRecord } from './context.ts';
import { createIntakeNode } from './intake.ts';
import { secondQuestion } from './second-question.ts';
import { afterOpening, followUpByWords, followUpIntent, isOpening, openingClause, orderFollowUp, orderIntentAmong, outOfScopeInstead, SAYS_NOTHING_MORE, saysMore, toldApartByWords, toldApartIntent, WEAK_PREDICTION, withoutStaffIntents } from './routing-rules.ts';

type Decided = Pick<TurnWork, 'intent' | 'confidence'> & Partial<TurnWork>;

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
    const context = turnContext(config);
    const { incoming, turn, language } = state;
    const text = state.messages.at(-1)?.text ?? incoming.text;
    const t = agentText(language);
    const decide = (decided: Decided, routing: RoutingRecord = { decidedBy: 'rule' }): StateUpdate => {
      context.routing = routing;
      return { ...taken, turn: { ...turn, route: routeOf(decided.intent), ...decided } };
    };

    // 1. The answer to what the assistant asked.
    const reading: Reading = state.awaiting
      ? await readAnswer(state.awaiting, { text, action: incoming.action, language, slots: turn.messageSlots, toolbox: context.toolbox, t })
      : { kind: 'new_message' };
    if (reading.kind === 'continue') {
      const messageSlots = reading.orderId ? { ...turn.messageSlots, orderId: reading.orderId } : turn.messageSlots;
      return decide({ intent: reading.intent, confidence: 1, messageSlots, confirmed: reading.confirmed, carried: reading.carried });
    }
    if (reading.kind === 'answered') {
      const { result } = reading;
      return decide({
        intent: reading.intent, confidence: 1, route: reading.route, answered: true, outcome: result.outcome, answers: result.answers,
        choices: result.choices, awaiting: result.awaiting, escalate: result.escalate, extraMeta: reading.meta,
      });
    }
    const notes = reading.notes;

    // 2. A chosen button.
    const chosen = /^intent:([a-z_]+)$/.exec(incoming.action ?? '')?.[1];
    if (chosen && isIntent(chosen)) return decide({ intent: chosen, confidence: 1, notes });

    // 3. A flow the message's own words call for.
    const flow = recogniseFlow(text, language);
    if (flow) return decide({ intent: flow.intent, confidence: 1, notes });

    // 4. A short follow-up about orders: a bare order number, "and the other one?".
    const previousIntent = state.summary.intents.at(-1);
    const followUp = orderFollowUp(text, language, previousIntent, state.slots.orderId);
    if (followUp) return decide({ intent: followUp.intent, confidence: 1, notes, ...(followUp.excludedOrderId ? { excludedOrderId: followUp.excludedOrderId } : {}) });

    // 5. The intent router.
    const routerContext = { language, previousIntent, history: state.messages.slice(0, -1) };
    let prediction = await deps.intentRouter.predict(text, routerContext);
    // "Hi, do I have anything overdue?": the question after the greeting is what the message is about.
    const rest = afterOpening(prediction, text);
    if (rest) {
      const ofRest = await deps.intentRouter.predict(rest, routerContext);
      // "hallo, wo bleibt mein Fernseher??": naming one of their own items says more, however unsure the model is of the rest.
      if (saysMore(ofRest, rest, deps.rules.minConfidence) || (!SAYS_NOTHING_MORE.includes(ofRest.intent) && (await namesOwnOrder(rest, undefined, context.toolbox)))) {
        prediction = ofRest;
      }
    } else if (prediction.confidence < deps.rules.minConfidence) {
      // "moi! mun pitäis maksaa lasku mut en pysty...": the greeting in front blurred a request the rest says clearly enough.
      const clause = openingClause(text);
      if (clause && isOpening(await deps.intentRouter.predict(clause.opening, routerContext))) {
        const ofRest = await deps.intentRouter.predict(clause.rest, routerContext);
        if (!SAYS_NOTHING_MORE.includes(ofRest.intent) && ofRest.confidence >= deps.rules.minConfidence) prediction = ofRest;
      }
    }
    prediction = toldApartByWords(withoutStaffIntents(prediction, state.role), text, language);
    let intent: string = prediction.intent;
    let confidence = prediction.confidence;
    const continued = followUpIntent(prediction, previousIntent, deps.rules.minConfidence, { text, language }) ?? followUpByWords(prediction, previousIntent, text, language);
    // A message naming its order by number is read for what it asks of it, not as a follow-up of the topic before.
    const orderGuess = orderIntentAmong(prediction, turn.messageSlots.orderId ? undefined : previousIntent, { text, language });
    const aboutItem = continued ? undefined : await itemQuestion(orderGuess, text, turn.messageSlots.orderId, context.toolbox);
    const declined = continued || aboutItem ? undefined : outOfScopeInstead(prediction);
    if (continued) ({ intent, score: confidence } = continued);
    else if (aboutItem) [intent, confidence] = [toldApartIntent(aboutItem, text, language), WEAK_PREDICTION];
    else if (declined) [intent, confidence] = ['out_of_scope', declined.score];
    // A question about cost, time limits or rules ("how many days do I have to return?", "can I return sale items?") is
    // answered as one and changes nothing; the action it was worded like is offered under the answer.
    const offer = isActionIntent(intent) && hasSignal('policy_question', text, language) ? intent : undefined;
    if (offer) intent = 'policy_question';
    // A model's slots only fill what the deterministic extraction missed.
    const added = Object.fromEntries(Object.entries(prediction.slots ?? {}).filter(([name]) => turn.messageSlots[name as keyof typeof turn.messageSlots] === undefined));
    // A question the company's own articles clearly answer is a policy question, even when the intent model was unsure or
    // placed it out of scope; so is a guess worded as one ("what is your policy on...") that the model was unsure of or had
    // as its close runner-up: the articles answer, or say they have nothing on it and offer a person.
    const unsureGuess = confidence < deps.rules.minConfidence && !continued;
    const runnerUp = prediction.alternatives[0];
    const policyRunnerUp = intent === 'out_of_scope' && runnerUp?.intent === 'policy_question' && runnerUp.score >= confidence / 2;
    if (
      (intent === 'out_of_scope' || unsureGuess) &&
      !continued &&
      (((unsureGuess || policyRunnerUp) && hasSignal('policy_question', text, language)) || deps.knowledge.base.answersClearly({ question: text, language, market: context.market }))
    ) {
      [intent, confidence] = ['policy_question', deps.rules.minConfidence];
    }
    const unsure = confidence < deps.rules.minConfidence && !continued;
    // Another request in another clause ("...and when is my next bill?"): read by the offline model only, never one more LLM call.
    const alsoAsked = unsure || (prediction.decidedBy ?? 'offline') !== 'offline' ? undefined : await secondQuestion(text, intent, deps.intentRouter, routerContext, (clause) => namesOwnOrder(clause, undefined, context.toolbox));
    return {
      ...decide(
        {
          intent, confidence, notes, messageSlots: { ...turn.messageSlots, ...added }, ...(offer ? { offer } : {}), ...(alsoAsked ? { alsoAsked } : {}),
          alternatives: prediction.alternatives.map((alternative) => alternative.intent), outcome: unsure ? 'clarify' : turn.outcome,
        },
        { decidedBy: prediction.decidedBy ?? 'offline', modelFailure: prediction.modelFailure, modelMs: prediction.modelMs },
      ),
      slots: { ...state.slots, ...added },
    };
  };
}

/** An order intent the model hesitated over, when the message names one of the customer's own orders, by number or by an item. */
async function itemQuestion(intent: string | undefined, text: string, orderId: string | undefined, toolbox: Toolbox): Promise<string | undefined> {
  return intent && (await namesOwnOrder(text, orderId, toolbox)) ? intent : undefined;
}

/** Whether the message names one of the customer's own orders, by its number (`orderId`) or by an item. */
async function namesOwnOrder(text: string, orderId: string | undefined, toolbox: Toolbox): Promise<boolean> {
  const subject = await toolbox.subject();
  if (subject.kind !== 'customer') return false;
  const listed = await toolbox.listOrders(20);
  if (!listed.ok) return false;
  const ownNumber = orderId !== undefined && listed.orders.some((order) => order.id === orderId);
  return ownNumber || ordersNamedByItem(text, listed.orders).length > 0;
}

/**
 * After routing: a paused thread goes back to the handoff, a replay ends, an
 * answered or unclear message goes straight to the escalation policy, the rest to
 * their specialist.
 */
export function afterRouter(state: State): string {
  if (state.paused) return 'handoff';
  if (state.turn?.stage !== 'routing') return '__end__';
  if (state.turn.outcome === 'clarify' || state.turn.answered) return 'policy';
  return state.turn.route;
}
