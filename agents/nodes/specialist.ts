/**
 * Wraps a specialist as a graph node (a flow registered for the turn's intent
 * runs in its place): gives it the toolbox of the turn and the
 * formatters of the person's language, records the tools it called, and turns
 * a failing commerce system into a polite answer instead of a crashed turn.
 */
import { isGraphInterrupt, type LangGraphRunnableConfig } from '@langchain/langgraph';
import { CommerceError } from '../commerce/types.ts';
import { flowFor } from '../flows/index.ts';
import { isAnyIntent } from '../intents.ts';
import { agentText, createFormatter } from '../render.ts';
import { hasSignal } from '../signals.ts';
import type { Specialist, SpecialistResult } from '../specialists/types.ts';
import type { State, StateUpdate } from '../state.ts';
import { turnContext } from './context.ts';

export function specialistNode(specialist: Specialist) {
  return async (state: State, config: LangGraphRunnableConfig): Promise<StateUpdate> => {
    const { toolbox } = turnContext(config);
    const t = agentText(state.language);
    const intent = isAnyIntent(state.turn.intent) ? state.turn.intent : 'out_of_scope';
    const text = state.messages.at(-1)?.text ?? '';
    const run = flowFor(intent)?.run ?? specialist;
    let result: SpecialistResult;
    try {
      result = await run({
        intent,
        confidence: state.turn.confidence,
        text,
        slots: state.slots,
        mentioned: state.turn.messageSlots,
        remembered: state.slots.orderId,
        // "it", "that one", or "still nothing after two weeks": about the order just discussed.
        pointsBack: hasSignal('pointer', text, state.language) || hasSignal('still_waiting', text, state.language),
        ...(state.summary.intents.length > 0 ? { previousIntent: state.summary.intents.at(-1) } : {}),
        ...(state.turn.excludedOrderId ? { excluded: state.turn.excludedOrderId } : {}),
        ...(state.turn.offer ? { offer: state.turn.offer } : {}),
        ...(state.turn.confirmed ? { confirmed: state.turn.confirmed } : {}),
        ...(state.turn.carried ? { carried: state.turn.carried } : {}),
        toolbox,
        format: createFormatter(state.language, state.market, t),
        t,
        language: state.language,
        market: state.market,
      });
    } catch (error) {
      if (isGraphInterrupt(error)) throw error;
      if (!(error instanceof CommerceError)) throw error;
      result = { outcome: 'failed', answers: [{ key: 'common.backend_unavailable' }] };
    }
    return {
      turn: { ...state.turn, ...result, tools: [...toolbox.called] },
      slots: result.orderId ? { ...state.slots, orderId: result.orderId } : state.slots,
    };
  };
}
