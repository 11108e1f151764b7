/**
 * Signal lexicons: comma-separated phrases in each language's `agent` namespace
 * (`signals.<name>`) that flag what a message says without the classifier:
 * frustration, a yes or a no, a complaint, a double charge, words that point
 * back at the order just discussed. Every language brings its own words, and
 * the English ones always count too.
 */
import type { TFunction } from 'i18next';
import { normalizeText } from './models/offline/normalize.ts';
import { agentText } from './render.ts';

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
export function signalLexicon(name: string, language: string, t: TFunction = agentText(language), english: TFunction = agentText('en')): LexiconPhrase[] {
  const key = `${name}|${language}`;
  let phrases = lexiconCache.get(key);
  if (!phrases) {
    const own = String(t(`signals.${name}`, { defaultValue: '' }));
    phrases = parseLexicon(language === 'en' ? own : `${own},${String(english(`signals.${name}`, { defaultValue: '' }))}`);
    lexiconCache.set(key, phrases);
  }
  return phrases;
}

/** The message as signals read it: normalized, padded with spaces. */
export function signalText(text: string): string {
  return ` ${normalizeText(text)} `;
}

/** Whether the message says something of the `signals.<name>` lexicon, in its language or in English. */
export function hasSignal(name: string, text: string, language: string): boolean {
  const padded = signalText(text);
  return signalLexicon(name, language).some((phrase) => containsPhrase(padded, phrase));
}

/** Whether the message begins with a phrase of the lexicon ("yes please", "no thanks"). */
export function startsWithSignal(name: string, text: string, language: string): boolean {
  const padded = signalText(text);
  return signalLexicon(name, language).some(({ phrase, stem }) => padded.startsWith(stem ? ` ${phrase}` : ` ${phrase} `));
}

/** Words in a message, once normalized. */
export function wordCount(text: string): number {
  const normalized = normalizeText(text);
  return normalized ? normalized.split(' ').length : 0;
}
