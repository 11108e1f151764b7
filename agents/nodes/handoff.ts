/**
 * The handoff node pauses the thread with LangGraph's `interrupt()`, handing the
 * ticket to whoever resumes it. It runs again from the top when resumed with
 * `Command({ resume: resolution })`: then `interrupt()` returns the resolution
 * and the assistant welcomes the person back.
 */
import { interrupt } from '@langchain/langgraph';
import { z } from 'zod';
import type { TurnMeta } from '../../src/gateway/assistant.ts';
import { agentText } from '../render.ts';
import { appendBounded, type State, type StateUpdate } from '../state.ts';
import type { GraphDependencies } from './context.ts';

/** What the person who handled the ticket sends back. */
export const HandoffResolution = z.object({
  /** Whether the agent considers the matter solved. */
  resolved: z.boolean().default(true),
  /** A short note for the customer, already in their language. */
  note: z.string().max(1000).optional(),
  agentId: z.string().optional(),
});
export type HandoffResolution = z.input<typeof HandoffResolution>;

export function createHandoffNode(deps: GraphDependencies) {
  return (state: State): StateUpdate => {
    // Everything before interrupt() runs again on resume: keep it free of side effects.
    const raw: unknown = interrupt(state.ticket);
    const resolution = HandoffResolution.safeParse(raw ?? {});
    const note = resolution.success ? resolution.data.note : undefined;
    const t = agentText(state.language);
    const text = String(note ? t('escalation.welcome_back_note', { note }) : t('escalation.welcome_back'));
    const meta: TurnMeta = {
      route: state.ticket?.route ?? 'general',
      intent: state.ticket?.intent ?? 'human_agent',
      confidence: 1,
      escalated: false,
      tools: [],
      resumed: true,
      resolved: resolution.success ? resolution.data.resolved : true,
    };
    const choices = [
      { label: String(t('choices.yes')), value: 'intent:affirm' },
      { label: String(t('choices.no')), value: 'intent:deny' },
    ];
    return {
      paused: false,
      ticket: undefined,
      failures: 0,
      awaiting: { kind: 'resolution_check' },
      messages: appendBounded(state.messages, [{ role: 'assistant', text }], deps.historyWindow).messages,
      replies: [{ text, choices, meta }],
      meta,
    };
  };
}
