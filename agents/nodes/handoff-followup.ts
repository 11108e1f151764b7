/**
 * What the assistant says when it takes a conversation back from a person: a
 * satisfaction question (1–5) after a resolved ticket, or an apology and the
 * promise of a follow-up when nobody took the ticket in time. And the rating
 * the customer answers with. Texts: the `handoff` namespace.
 */
import { translator } from '../../src/i18n/index.ts';
import { agentText } from '../render.ts';
import type { ChatMessage, State } from '../state.ts';

export const RATING_VALUES = [1, 2, 3, 4, 5] as const;

/** Drops assistant lines that only said "a person will answer" (they would mislead the model after the handoff). */
export function withoutHandoffChatter(messages: ChatMessage[] | undefined, language: string): ChatMessage[] {
  const stale = [...new Set([language, 'en'])].flatMap((lang) => [String(agentText(lang)('escalation.handoff')), String(agentText(lang)('escalation.waiting'))]);
  return (messages ?? []).filter((message) => message.role !== 'assistant' || !stale.some((line) => message.text.includes(line)));
}

export interface Comeback {
  text: string;
  choices?: { label: string; value: string }[];
  awaiting: State['awaiting'];
  meta: Record<string, unknown>;
}

/** The comeback for a timed-out or refused handoff or a rating request; `undefined`: the classic "is everything resolved?". */
export function comebackFollowUp(resolution: { note?: string; askRating?: boolean; timedOut?: boolean; unreachable?: boolean }, language: string): Comeback | undefined {
  const t = translator(language, 'handoff');
  if (resolution.unreachable) return { text: String(t('resume.unreachable')), awaiting: undefined, meta: { handoffRefused: true } };
  if (resolution.timedOut) return { text: String(t('resume.timed_out')), awaiting: undefined, meta: { timedOut: true } };
  if (!resolution.askRating) return undefined;
  const welcome = String(resolution.note ? t('resume.welcome_back_note', { note: resolution.note }) : t('resume.welcome_back'));
  return {
    text: `${welcome}\n\n${String(t('resume.rating_question'))}`,
    choices: RATING_VALUES.map((value) => ({ label: String(t(`rating.choice_${value}`)), value: `rating:${value}` })),
    awaiting: { kind: 'rating' },
    meta: { askedRating: true },
  };
}

// A message that opens with the score, perhaps with a comment after it: "4", "5/5", "3 stars, took long".
const RATING_TEXT = /^\s*([1-5])\s*(?:\/\s*5|stars?|★+|⭐+)?(?=$|[\s.,;:!?)-])/iu;

/** The rating in a message: a chosen `rating:N` button, or a message that opens with a number 1–5 (and has no other). */
export function ratingOf(incoming: { text: string; action?: string }): number | undefined {
  const chosen = /^rating:([1-5])$/.exec(incoming.action ?? '')?.[1];
  const typed = (incoming.text.match(/\d+/g) ?? []).length === 1 ? RATING_TEXT.exec(incoming.text)?.[1] : undefined;
  const value = Number(chosen ?? typed);
  return Number.isInteger(value) && value >= 1 && value <= 5 ? value : undefined;
}
