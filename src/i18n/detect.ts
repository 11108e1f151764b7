import { isSupportedLanguage, type SupportedLanguage } from './languages.ts';
import { spanishOrItalian } from './romance.ts';
import { bokmalOrDanish } from './scandinavian.ts';

/**
 * Language detection for short support messages, with eld (chosen by measuring eld, tinyld,
 * franc-min and cld on `evals/language-detection/`: see its README). eld scores each language
 * between 0 and ~0.9; what matters for short texts is the lead of the best language over the next.
 */

/** What the detector could tell from one message. */
export interface Detection {
  /** A supported language, set only when the text is long enough and the lead is clear. */
  language?: SupportedLanguage;
  /** The best supported language even when not confident (undefined when nothing scored). */
  best?: SupportedLanguage;
  /** The best language's lead over the runner-up among supported languages (0 when unsure). */
  margin: number;
  /** eld's score of each supported language that scored, best first. */
  scores: Partial<Record<SupportedLanguage, number>>;
  /** ISO 639-1 code of a language we do not support that the text is confidently written in. */
  unsupported?: string;
  /** Letters in the text once URLs, e-mail addresses, numbers and punctuation are ignored. */
  letters: number;
  /** Words in the text (runs of letters), to tell a sentence from a word or two. */
  words: number;
  /** When Bokmål and Danish, or Spanish and Italian, were the best two: the one the spelling points to, if it does. */
  spelledAs?: SpelledLanguage;
}

/** Thresholds; the defaults keep 99% precision on the labelled set (see the eval README). */
export interface DetectOptions {
  /** Fewer letters than this: never confident ("ok", "hej", "tack" say little). */
  minLetters: number;
  /** Minimum lead of the best supported language over the runner-up. */
  minMargin: number;
  /** Minimum lead of an unsupported language over the best supported one to call it unsupported. */
  minUnsupportedMargin: number;
  /** Fewer letters than this: never call a Latin-script message unsupported (other scripts say it at once). */
  minUnsupportedLetters: number;
}

export const DEFAULT_DETECT_OPTIONS: DetectOptions = { minLetters: 8, minMargin: 0.02, minUnsupportedMargin: 0.05, minUnsupportedLetters: 15 };

// eld calls Norwegian "no"; Switchboard calls Bokmål "nb".
const fromEld = (code: string): string => (code === 'no' ? 'nb' : code);

let detector: typeof import('./eld-detector.ts').detector | undefined;
let loading: Promise<void> | undefined;

/**
 * Loads the detector's n-gram tables (eld, ~180 MiB resident) once; `detectLanguage` needs it.
 * Only the thread that runs turns calls this, so a gateway whose turns run in a worker thread
 * does not hold a second copy on its accepting thread.
 */
export function loadLanguageDetector(): Promise<void> {
  loading ??= import('./eld-detector.ts').then((loaded) => {
    detector = loaded.detector;
  });
  return loading;
}

/** Languages whose spelling can break a near tie with their neighbour. */
export type SpelledLanguage = 'nb' | 'da' | 'es' | 'it';

// Short Bokmål and Danish are often spelt the same; either answer reads fine to both, so a
// near tie between them still counts (the conversation's language breaks it in resolveLanguage).
const CLOSE_PAIR = new Set(['nb', 'da']);
const isClosePair = (a: string, b: string | undefined): boolean => a !== b && CLOSE_PAIR.has(a) && b !== undefined && CLOSE_PAIR.has(b);

// Our 11 languages are all written in Latin script; a message in another script is foreign at once.
const LATIN = /\p{Script=Latin}/u;

const NOISE = /https?:\/\/\S+|www\.\S+|\S+@\S+|[\p{N}\p{P}\p{S}]+/gu;

/** Counts letters, ignoring URLs, e-mail addresses, order numbers and emoji. */
export function countLetters(text: string): number {
  return text.replace(NOISE, ' ').replace(/\s+/g, '').length;
}

/** Counts words of letters, ignoring URLs, e-mail addresses, numbers and emoji. */
export function countWords(text: string): number {
  return text.replace(NOISE, ' ').split(/\s+/).filter((word) => /\p{L}/u.test(word)).length;
}

function sortedScores(scores: Record<string, number>): [string, number][] {
  return Object.entries(scores)
    .map(([code, score]): [string, number] => [fromEld(code), score])
    .sort((a, b) => b[1] - a[1]);
}

/** Within this score of the best, the language the spelling points to takes the lead. */
const PAIR_RANGE = 0.1;

// Neighbours that n-grams split almost at random on short texts, each with what tells them apart.
const SPELLED_PAIRS: { pair: ReadonlySet<string>; spelled: (text: string) => SpelledLanguage | undefined }[] = [
  { pair: CLOSE_PAIR, spelled: bokmalOrDanish },
  { pair: new Set(['es', 'it']), spelled: spanishOrItalian },
];

/** When the best language has a neighbour close behind: the one of the two the spelling points to, if it does. */
function spellingTieBreak(ranked: [string, number][], text: string): SpelledLanguage | undefined {
  const [first] = ranked;
  const rule = first && SPELLED_PAIRS.find(({ pair }) => pair.has(first[0]));
  if (!first || !rule) return undefined;
  const spelled = rule.spelled(text);
  const score = ranked.find(([code]) => code === spelled)?.[1];
  return spelled && rule.pair.has(spelled) && score !== undefined && first[1] - score <= PAIR_RANGE ? spelled : undefined;
}

/**
 * Detects the language of one message, restricted to the 11 supported languages, and says
 * when the text is confidently in a language we do not support. Takes about 30–60 µs.
 */
export function detectLanguage(text: string, options: Partial<DetectOptions> = {}): Detection {
  const { minLetters, minMargin, minUnsupportedMargin, minUnsupportedLetters } = { ...DEFAULT_DETECT_OPTIONS, ...options };
  const letters = countLetters(text);
  const words = countWords(text);
  if (letters === 0) return { margin: 0, scores: {}, letters, words };
  if (!detector) throw new Error('detectLanguage needs the language detector: await loadLanguageDetector() first');
  const all = sortedScores(detector.detect(text).getScores());
  let ranked = all.filter(([code]) => isSupportedLanguage(code));
  const spelledAs = spellingTieBreak(ranked, text);
  const leader = ranked[0];
  if (spelledAs && leader && leader[0] !== spelledAs) {
    // Spelling decides between close neighbours better than n-grams do: the spelled one takes the lead's score.
    const spelledScore = ranked.find(([code]) => code === spelledAs)![1];
    ranked = ranked
      .map(([code, score]): [string, number] => [code, code === spelledAs ? leader[1] : code === leader[0] ? spelledScore : score])
      .sort((a, b) => b[1] - a[1]);
  }
  const scores = Object.fromEntries(ranked) as Partial<Record<SupportedLanguage, number>>;
  const [top, runnerUp] = ranked;
  const best = top?.[0] as SupportedLanguage | undefined;
  const margin = top ? top[1] - (runnerUp?.[1] ?? 0) : 0;
  const detection: Detection = { best, margin, scores, letters, words, ...(spelledAs ? { spelledAs } : {}) };
  if (letters < minLetters) return detection;
  const [openFirst] = all;
  const longEnough = letters >= minUnsupportedLetters || !LATIN.test(text);
  if (openFirst && longEnough && !isSupportedLanguage(openFirst[0]) && openFirst[1] - (top?.[1] ?? 0) >= minUnsupportedMargin) {
    return { ...detection, unsupported: openFirst[0] };
  }
  // Spelling that agrees with the n-grams is as good as a clear lead.
  if (best && (margin >= minMargin || isClosePair(best, runnerUp?.[0]) || spelledAs === best)) detection.language = best;
  return detection;
}
