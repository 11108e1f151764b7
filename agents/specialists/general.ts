/** The general agent: greetings, thanks, policy questions, yes/no, and a polite answer to what is out of scope. */
import { translator } from '../../src/i18n/index.ts';
import { findArticle } from '../knowledge-base.ts';
import type { Specialist } from './types.ts';

export const generalSpecialist: Specialist = async (context) => {
  switch (context.intent) {
    case 'greeting':
      return { outcome: 'resolved', answers: [{ key: 'general.greeting' }] };
    case 'thanks':
      return { outcome: 'resolved', answers: [{ key: 'general.thanks' }] };
    case 'human_agent':
      // The policy node escalates; nothing to say before the handoff message.
      return { outcome: 'resolved', answers: [], escalate: 'requested_human' };
    case 'affirm':
    case 'deny':
      // A yes or no to a question the assistant asked is read by that question's handler (`agents/awaited/`); this one answered nothing.
      return { outcome: 'resolved', answers: [{ key: 'general.anything_else' }] };
    case 'policy_question': {
      const article = findArticle(context.text, context.language, context.t, translator('en', 'agent'));
      if (!article) return { outcome: 'failed', answers: [{ key: 'general.policy_unknown' }] };
      return { outcome: 'resolved', answers: [{ key: `kb.${article}.answer` }] };
    }
    default:
      return { outcome: 'resolved', answers: [{ key: 'general.out_of_scope' }] };
  }
};
