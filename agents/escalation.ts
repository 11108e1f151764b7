/**
 * The escalation policy: one place that decides when a person takes over.
 * In order: the person asked for one; a high-risk intent (fraud, a stolen
 * card); strong frustration; a business rule (disputes above an amount);
 * repeated failure or low confidence.
 */
import type { TFunction } from 'i18next';
import type { Money } from './commerce/types.ts';
import { normalizeText } from './models/offline/normalize.ts';

export interface EscalationRules {
  /** Failed or unclear turns in a row that hand the conversation to a person. */
  maxFailures: number;
  /** Frustration score (see {@link frustrationScore}) from which a person takes over. */
  frustrationThreshold: number;
  /** Disputes above this amount (per currency, major units) go to a person. */
  disputeLimits: Record<string, number>;
  /** Below this classifier confidence the assistant asks instead of guessing. */
  minConfidence: number;
  /** Below this confidence an action that changes something (see `confirmation.ts`) is confirmed first. */
  actionConfidence: number;
}

export const DEFAULT_ESCALATION_RULES: EscalationRules = {
  maxFailures: 2,
  frustrationThreshold: 2,
  disputeLimits: { EUR: 250, SEK: 2500, NOK: 2500, DKK: 1900, GBP: 200, USD: 300, PLN: 1000, CHF: 250 },
  minConfidence: 0.45,
  actionConfidence: 0.6,
};

export type EscalationReason =
  | 'requested_human'
  | 'stolen_card'
  | 'fraud_suspected'
  | 'frustration'
  | 'dispute_over_limit'
  | 'repeated_failure';

export interface TurnAssessment {
  outcome: 'resolved' | 'failed' | 'clarify';
  /** Failed or unclear turns in a row before this one. */
  failuresBefore: number;
  /** What the specialist found due (a high-risk intent or an explicit request). */
  specialistReason?: string;
  disputeAmount?: Money;
  frustration: number;
}

/** Decides whether this turn hands over to a person, and why. */
export function decideEscalation(turn: TurnAssessment, rules: EscalationRules = DEFAULT_ESCALATION_RULES): EscalationReason | undefined {
  if (turn.specialistReason === 'requested_human') return 'requested_human';
  if (turn.specialistReason === 'stolen_card' || turn.specialistReason === 'fraud_suspected') return turn.specialistReason;
  if (turn.frustration >= rules.frustrationThreshold) return 'frustration';
  if (turn.disputeAmount) {
    const limit = rules.disputeLimits[turn.disputeAmount.currency];
    if (limit !== undefined && turn.disputeAmount.amount > limit) return 'dispute_over_limit';
  }
  if (turn.outcome !== 'resolved' && turn.failuresBefore + 1 >= rules.maxFailures) return 'repeated_failure';
  return undefined;
}

/** One phrase of a signal lexicon; `stem` phrases (written with a trailing `*`) match any ending: "beznadziejn*". */
export interface LexiconPhrase {
  phrase: string;
  stem: boolean;
}

const lexiconCache = new Map<string, LexiconPhrase[]>();

/** Parses a comma-separated lexicon ("useless,fed up,beznadziejn*") into normalized phrases. */
export function parseLexicon(raw: string): LexiconPhrase[] {
  const phrases = new Map<string, LexiconPhrase>();
  for (const entry of raw.split(',')) {
    const stem = entry.trim().endsWith('*');
    const phrase = normalizeText(entry.replace(/\*/g, ''));
    if (phrase) phrases.set(`${phrase}${stem ? '*' : ''}`, { phrase, stem });
  }
  return [...phrases.values()];
}

/** Whether a phrase occurs in text that went through `normalizeText` (and is padded with spaces). */
export function containsPhrase(paddedNormalized: string, { phrase, stem }: LexiconPhrase): boolean {
  return paddedNormalized.includes(stem ? ` ${phrase}` : ` ${phrase} `);
}

/** A signal lexicon (`signals.<name>`) of a language, with the English one added. */
export function signalLexicon(name: string, language: string, t: TFunction, english: TFunction): LexiconPhrase[] {
  const key = `${name}|${language}`;
  let phrases = lexiconCache.get(key);
  if (!phrases) {
    const own = String(t(`signals.${name}`, { defaultValue: '' }));
    phrases = parseLexicon(language === 'en' ? own : `${own},${String(english(`signals.${name}`, { defaultValue: '' }))}`);
    lexiconCache.set(key, phrases);
  }
  return phrases;
}

/**
 * How frustrated a message sounds: one point per phrase of the language's
 * frustration lexicon (and English), one for shouting (mostly capitals), one
 * for a run of exclamation marks.
 */
export function frustrationScore(text: string, language: string, t: TFunction, english: TFunction): number {
  const normalized = ` ${normalizeText(text)} `;
  let score = 0;
  for (const phrase of signalLexicon('frustration', language, t, english)) if (containsPhrase(normalized, phrase)) score++;
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length >= 12 && letters.replace(/[^\p{Lu}]/gu, '').length / letters.length > 0.7) score++;
  if (/[!?]{3,}/.test(text)) score++;
  return score;
}
