import { Client, isTracingEnabled } from 'langsmith';
import { getCurrentRunTree, traceable } from 'langsmith/traceable';
import type { TurnInput, TurnResult } from '../src/gateway/assistant.ts';
import { phasesEnabled, timed } from '../src/gateway/phases.ts';
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
  const traced = traceable(
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
  // With tracing off, `traceable` still builds a RunTree (ids, timestamps, copies of the inputs) on
  // every turn only to drop it: go straight to the turn. Asked per turn, so a parent run or the
  // environment can turn tracing on at any time.
  return (input) => (isTracingEnabled() ? traced(input) : turn(input));
}

/** A graph node whose CPU time `npm run bench` reports on its own line (the node itself when not benching). */
export function timedNode<Node extends (...args: never[]) => unknown>(name: string, node: Node): Node {
  if (!phasesEnabled) return node;
  return ((...args: Parameters<Node>) => timed(`graph node ${name}`, async () => node(...args))) as Node;
}
