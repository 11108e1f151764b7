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
import { comebackFollowUp, withoutHandoffChatter } from './handoff-followup.ts';

/** What the person who handled the ticket sends back. */
export const HandoffResolution = z.object({
  /** Whether the agent considers the matter solved. */
  resolved: z.boolean().default(true),
  /** A short note for the customer, already in their language. */
  note: z.string().max(1000).optional(),
  agentId: z.string().optional(),
  /** Ask for a 1–5 satisfaction rating instead of "is everything resolved?". */
  askRating: z.boolean().optional(),
  /** Nobody took the ticket in time: offer a follow-up later and carry on. */
  timedOut: z.boolean().optional(),
  /** The person's channel cannot receive later messages, so no person can take over there: say so and carry on. */
  unreachable: z.boolean().optional(),
});
export type HandoffResolution = z.input<typeof HandoffResolution>;

export function createHandoffNode(deps: GraphDependencies) {
  return (state: State): StateUpdate => {
    // Everything before interrupt() runs again on resume: keep it free of side effects.
    const raw: unknown = interrupt(state.ticket);
    const parsed = HandoffResolution.safeParse(raw ?? {});
    const resolution = parsed.success ? parsed.data : { resolved: true };
    const meta: TurnMeta = {
      route: state.ticket?.route ?? 'general',
      intent: state.ticket?.intent ?? 'human_agent',
      confidence: 1,
      escalated: false,
      tools: [],
      resumed: true,
      resolved: resolution.resolved,
    };
    // The "passing you to our team" lines are stale once a person has been and gone.
    const context = withoutHandoffChatter(state.messages, state.language);
    const followUp = comebackFollowUp(resolution, state.language);
    let text: string;
    let choices: { label: string; value: string }[] | undefined;
    let awaiting: State['awaiting'];
    if (followUp) {
      ({ text, choices, awaiting } = followUp);
      Object.assign(meta, followUp.meta);
    } else {
      const t = agentText(state.language);
      const note = resolution.note;
      text = String(note ? t('escalation.welcome_back_note', { note }) : t('escalation.welcome_back'));
      choices = [
        { label: String(t('choices.yes')), value: 'intent:affirm' },
        { label: String(t('choices.no')), value: 'intent:deny' },
      ];
      awaiting = { kind: 'resolution_check' };
    }
    return {
      paused: false,
      ticket: undefined,
      failures: 0,
      awaiting,
      messages: appendBounded(context, [{ role: 'assistant', text }], deps.historyWindow).messages,
      replies: [{ text, ...(choices ? { choices } : {}), meta }],
      meta,
    };
  };
}
