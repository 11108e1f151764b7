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

/**
 * One phrase of a signal lexicon; `stem` phrases (written with a trailing `*`) match any ending: "beznadziejn*".
 * A phrase written with `...` ("charged ... twice") lets a few words come between its parts ("charged my card
 * twice"); `gap` is then its pattern.
 */
export interface LexiconPhrase {
  phrase: string;
  stem: boolean;
  gap?: RegExp;
}

/** Words a `...` in a phrase stands for, at most. */
const MAX_GAP_WORDS = 3;

function gapPattern(entry: string): RegExp {
  const parts = entry.split('...').map((part) => {
    const words = normalizeText(part.replace(/\*/g, ''));
    return words.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + (part.trim().endsWith('*') ? '\\S*' : '');
  });
  return new RegExp(` ${parts.join(`(?: \\S+){0,${MAX_GAP_WORDS}} `)} `);
}

const lexiconCache = new Map<string, LexiconPhrase[]>();

/** Parses a comma-separated lexicon ("useless,fed up,beznadziejn*") into normalized phrases. */
export function parseLexicon(raw: string): LexiconPhrase[] {
  const phrases = new Map<string, LexiconPhrase>();
  for (const entry of raw.split(',')) {
    if (entry.includes('...')) {
      const phrase = entry.split('...').map((part) => normalizeText(part.replace(/\*/g, ''))).join(' ... ');
      phrases.set(phrase, { phrase, stem: false, gap: gapPattern(entry) });
      continue;
    }
    const stem = entry.trim().endsWith('*');
    const phrase = normalizeText(entry.replace(/\*/g, ''));
    if (phrase) phrases.set(`${phrase}${stem ? '*' : ''}`, { phrase, stem });
  }
  return [...phrases.values()];
}

/** Whether a phrase occurs in text that went through `normalizeText` (and is padded with spaces). */
export function containsPhrase(paddedNormalized: string, { phrase, stem, gap }: LexiconPhrase): boolean {
  if (gap) return gap.test(paddedNormalized);
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

/** Whether the message is a phrase of the lexicon and at most `otherWords` words besides ("so what can you do?", "but why?"). */
export function saysLittleBesidesSignal(name: string, text: string, language: string, otherWords: number): boolean {
  const padded = signalText(text);
  const words = wordCount(text);
  return signalLexicon(name, language).some(({ phrase }) => padded.includes(` ${phrase} `) && words - phrase.split(' ').length <= otherWords);
}

/** Words in a message, once normalized. */
export function wordCount(text: string): number {
  const normalized = normalizeText(text);
  return normalized ? normalized.split(' ').length : 0;
}

/** Shorter words are matched exactly: "card" and "cart" are one letter apart, and so are "no" and "on". */
const MIN_TYPO_WORD = 4;

/** Whether two words are at most one typo apart: a letter missing, added, changed, or two swapped. */
export function oneTypoApart(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    // Changed at i, or i and i+1 swapped.
    return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  }
  const [shorter, longer] = a.length < b.length ? [a, b] : [b, a];
  return shorter.slice(i) === longer.slice(i + 1);
}

/**
 * Like {@link hasSignal}, forgiving one typo in a one-word phrase ("declned", "crad", "abgelent"):
 * for words that must not be missed because of a slip of the thumb. Both words begin with the same
 * letter and have at least four; a stem phrase ("karte*") is compared with the word's start.
 */
export function hasSignalDespiteTypos(name: string, text: string, language: string): boolean {
  if (hasSignal(name, text, language)) return true;
  const words = normalizeText(text).split(' ').filter((word) => word.length >= MIN_TYPO_WORD);
  return signalLexicon(name, language).some(({ phrase, stem }) => {
    if (phrase.length < MIN_TYPO_WORD || phrase.includes(' ')) return false;
    return words.some((word) => {
      if (word[0] !== phrase[0]) return false;
      if (!stem) return oneTypoApart(word, phrase);
      // The stem against the word's start, with the typo inside it (one letter more or less).
      return [phrase.length - 1, phrase.length, phrase.length + 1].some((length) => oneTypoApart(word.slice(0, length), phrase));
    });
  });
}
