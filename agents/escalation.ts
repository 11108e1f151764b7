/**
 * The escalation policy: one place that decides when a person takes over.
 * In order: the person asked for one; a high-risk intent (fraud, a stolen
 * card); strong frustration; a business rule (disputes above an amount);
 * repeated failure or low confidence.
 */
import type { TFunction } from 'i18next';
import type { Money } from './commerce/types.ts';
import { normalizeText } from './models/offline/normalize.ts';
import { containsPhrase, signalLexicon } from './signals.ts';
import type { EscalationReason } from './escalation-reason.ts';

export { containsPhrase, parseLexicon, signalLexicon } from './signals.ts';

export interface EscalationRules {
  /** Failed or unclear turns in a row that hand the conversation to a person. */
  maxFailures: number;
  /** Frustration score (see {@link frustrationScore}) from which a person takes over. */
  frustrationThreshold: number;
  /** Disputes above this amount (per currency, major units) go to a person. */
  disputeLimits: Record<string, number>;
  /** Below this classifier confidence the assistant asks instead of guessing. */
  minConfidence: number;
}

export const DEFAULT_ESCALATION_RULES: EscalationRules = {
  maxFailures: 2,
  frustrationThreshold: 2,
  disputeLimits: { EUR: 250, SEK: 2500, NOK: 2500, DKK: 1900, GBP: 200, USD: 300, PLN: 1000, CHF: 250 },
  minConfidence: 0.45,
};

export type { EscalationReason } from './escalation-reason.ts';

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
  // A complaint is handed over as frustration, whatever words it uses.
  if (turn.specialistReason === 'frustration') return 'frustration';
  if (turn.frustration >= rules.frustrationThreshold) return 'frustration';
  if (turn.disputeAmount) {
    const limit = rules.disputeLimits[turn.disputeAmount.currency];
    if (limit !== undefined && turn.disputeAmount.amount > limit) return 'dispute_over_limit';
  }
  if (turn.outcome !== 'resolved' && turn.failuresBefore + 1 >= rules.maxFailures) return 'repeated_failure';
  return undefined;
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
