/** The general agent: greetings, thanks, policy questions (from the knowledge base), yes/no, and a polite answer to what is out of scope. */
import { marketByCode } from '../../src/i18n/markets.ts';
import type { KnowledgeBase } from '../knowledge-base.ts';
import { answerQuestion } from '../knowledge/answer.ts';
import type { KnowledgeWriter } from '../knowledge/model-writer.ts';
import { isIntent } from '../intents.ts';
import { intentChoice } from '../render.ts';
import { wordCount } from '../signals.ts';
import type { Specialist, SpecialistContext } from './types.ts';

/** What the general agent answers policy questions from. */
export interface KnowledgeSource {
  base: KnowledgeBase;
  /** Model mode: writes the answer from the retrieved sections. */
  writer?: KnowledgeWriter;
}

/** Intents that are not a topic a later question could be about. */
const NOT_A_TOPIC = new Set(['greeting', 'thanks', 'affirm', 'deny', 'out_of_scope', 'policy_question', 'human_agent', 'customer_lookup']);
/** Short enough to lean on the turn before ("how many days do I have for that?"); a longer question says what it is about. */
const MAX_TOPICLESS_WORDS = 8;

/** The previous turn's topic, as its menu label in the customer's language, for a short question that may leave it out. */
function topicOf(context: SpecialistContext): { topic?: string } {
  const previous = context.previousIntent;
  // Only the classifier's intents have menu labels; a flow's topic (a double charge, a complaint) is not looked up.
  if (!previous || !isIntent(previous) || NOT_A_TOPIC.has(previous) || wordCount(context.text) > MAX_TOPICLESS_WORDS) return {};
  return { topic: intentChoice(previous, context.t).label };
}

export function createGeneralSpecialist(knowledge: KnowledgeSource): Specialist {
  return async (context) => {
    switch (context.intent) {
      case 'greeting':
        return { outcome: 'resolved', answers: [{ key: 'general.greeting' }] };
      case 'thanks':
        return { outcome: 'resolved', answers: [{ key: 'general.thanks' }] };
      case 'human_agent':
        // The escalation policy escalates; nothing to say before the handoff message.
        return { outcome: 'resolved', answers: [], escalate: 'requested_human' };
      case 'affirm':
      case 'deny':
        // A yes or no to a question the assistant asked is read by that question's handler (`agents/awaited/`); this one answered nothing.
        return { outcome: 'resolved', answers: [{ key: 'general.anything_else' }] };
      case 'policy_question': {
        const marketLanguage = marketByCode(context.market)?.language;
        const answered = await answerQuestion(
          knowledge.base,
          { question: context.text, language: context.language, market: context.market, ...(marketLanguage ? { marketLanguage } : {}), t: context.t, ...topicOf(context) },
          knowledge.writer,
        );
        // "Can I return sale items?" answered: returning one is a button away.
        if (!context.offer || answered.outcome !== 'resolved') return answered;
        return { ...answered, choices: [...(answered.choices ?? []), intentChoice(context.offer, context.t)], awaiting: { kind: 'offer_action', intent: context.offer } };
      }
      default:
        return { outcome: 'resolved', answers: [{ key: 'general.out_of_scope' }] };
    }
  };
}
