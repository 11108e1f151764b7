import { Client } from 'langsmith';
import { getCurrentRunTree, traceable } from 'langsmith/traceable';
import type { TurnInput, TurnResult } from '../src/gateway/assistant.ts';
import { maskForTrace, maskTraceValues } from './pii.ts';

/**
 * The LangSmith client every run of a turn goes through, the graph's nested runs included (they
 * inherit the turn's client): every string of their inputs and outputs is masked before it leaves.
 */
function maskingClient(): Client {
  const mask = (values: Record<string, unknown>) => maskTraceValues(values);
  return new Client({ hideInputs: mask, hideOutputs: mask });
}

type Turn = (input: TurnInput) => Promise<TurnResult>;

/**
 * Wraps a turn in a LangSmith run named `switchboard_turn` (only when tracing is on: without
 * `LANGSMITH_TRACING` and a key nothing is recorded or sent). Inputs and outputs are masked,
 * and the outcome (route, intent, escalation) joins the channel, market, language and thread
 * as metadata once the graph has decided it. Card numbers, IBANs, phone numbers and e-mail
 * addresses inside any text are masked before a run is sent.
 */
export function traceTurns(turn: Turn): Turn {
  const client = maskingClient();
  return traceable(
    async (input: TurnInput) => {
      const result = await turn(input);
      const run = getCurrentRunTree(true);
      if (run) {
        run.metadata = {
          ...run.metadata,
          channel: input.customer.channel,
          market: input.market,
          language: result.language,
          thread_id: input.threadId,
          route: result.meta.route,
          intent: result.meta.intent,
          escalated: result.meta.escalated,
          ...(result.meta.escalationReason ? { escalation_reason: result.meta.escalationReason } : {}),
        };
      }
      return result;
    },
    {
      name: 'switchboard_turn',
      run_type: 'chain',
      client,
      // A single object argument is traced as that object: keep what helps debugging, masked.
      processInputs: (inputs) => {
        const input = inputs as unknown as Partial<TurnInput>;
        return { text: maskForTrace(input.text ?? ''), action: input.action, language: input.language, market: input.market };
      },
      processOutputs: (outputs) => {
        const result = outputs as unknown as Partial<TurnResult>;
        return { replies: (result.replies ?? []).map((reply) => maskForTrace(reply.text)), meta: result.meta };
      },
    },
  ) as Turn;
}
