import { FALLBACK_LANGUAGE } from './index.ts';
import { detectLanguage, DEFAULT_DETECT_OPTIONS, type Detection } from './detect.ts';
import { parseLanguageRequest } from './language-request.ts';
import { normalizeLanguageCode, type SupportedLanguage } from './languages.ts';

export interface LanguageContext {
  text: string;
  /** What the person chose earlier (sticky), if anything. */
  chosen?: string;
  /** The language the thread was last answered in. */
  previous?: string;
  /** The channel's locale for the person (Teams activity.locale, Slack user locale). */
  locale?: string;
  /** The market's default language. */
  marketLanguage?: string;
  /** `pending` of the previous decision on this thread: a switch seen once, waiting for a second message. */
  pending?: string;
}

/** Where the language of a turn came from. */
export type LanguageSource = 'command' | 'request' | 'chosen' | 'detected' | 'previous' | 'locale' | 'market' | 'fallback';

export interface LanguageDecision {
  language: string;
  /** True when the person chose it (a `/lang xx` command or an explicit request). */
  chosen: boolean;
  /** True when this message was only a request to change language (reply with `language.switched`). */
  isRequest: boolean;
  source: LanguageSource;
  /** The detector's lead of its best language over the runner-up (0 when it did not run or was unsure). */
  confidence: number;
  /** A language we do not support that the message is confidently written in (e.g. "pt", "ja"). */
  unsupportedDetected?: string;
  /** A `/lang xx` code we do not support. */
  unsupportedRequested?: string;
  /** True when the reply should offer the supported languages (`language.offer`). */
  offerLanguages: boolean;
  /** Store on the thread and pass back as `context.pending`: a switch seen in one message, not yet made. */
  pending?: string;
}

/** To leave the conversation's language, the new one must lead it by this much... */
const SWITCH_MARGIN = 0.05;
/** ...and the message must be a sentence (this many words and letters), or this long, or the second such message in a row. */
const SENTENCE_WORDS = 3;
const SENTENCE_LETTERS = 10;
const SWITCH_LETTERS = 20;

function contextLanguage(context: LanguageContext): { language: SupportedLanguage; source: LanguageSource } {
  const previous = normalizeLanguageCode(context.previous);
  if (previous) return { language: previous, source: 'previous' };
  const locale = normalizeLanguageCode(context.locale);
  if (locale) return { language: locale, source: 'locale' };
  const market = normalizeLanguageCode(context.marketLanguage);
  if (market) return { language: market, source: 'market' };
  return { language: FALLBACK_LANGUAGE as SupportedLanguage, source: 'fallback' };
}

function marketOrFallback(context: LanguageContext): { language: SupportedLanguage; source: LanguageSource } {
  const market = normalizeLanguageCode(context.marketLanguage);
  return market ? { language: market, source: 'market' } : { language: FALLBACK_LANGUAGE as SupportedLanguage, source: 'fallback' };
}

/** Does the detected language clearly beat the language we would otherwise keep? */
function leads(detection: Detection, detected: SupportedLanguage, anchor: SupportedLanguage): boolean {
  // Bokmål and Danish score alike on short texts: between the two only spelling moves a conversation (or a
  // market's first message) to the other. Spanish and Italian: their accents decide when they tell.
  if (NEIGHBOURS.has(detected) && NEIGHBOURS.has(anchor)) return detection.spelledAs === detected;
  if (detection.spelledAs && SPELLED_PAIRS.some((pair) => pair.has(detected) && pair.has(anchor))) return detection.spelledAs === detected;
  const anchorScore = detection.scores[anchor] ?? 0;
  return (detection.scores[detected] ?? 0) - anchorScore >= SWITCH_MARGIN;
}

const NEIGHBOURS = new Set(['nb', 'da']);
const SPELLED_PAIRS = [NEIGHBOURS, new Set(['es', 'it'])];

/**
 * Bokmål or Danish with nothing in the spelling to tell them apart ("kan jeg returnere varer på
 * salg?"): the customer's market says which of the two they write.
 */
function neighbourOfMarket(detection: Detection, market: SupportedLanguage | undefined): SupportedLanguage | undefined {
  const detected = detection.language;
  if (!detected || detection.spelledAs || !market || market === detected || !NEIGHBOURS.has(detected) || !NEIGHBOURS.has(market)) return detected;
  return market;
}

/** A sentence, not a word or two ("ok", "thanks", "1043"): it may move a running conversation to its language. */
function isSentence(detection: Detection): boolean {
  return (detection.words >= SENTENCE_WORDS && detection.letters >= SENTENCE_LETTERS) || detection.letters >= SWITCH_LETTERS;
}

/**
 * Picks the language of a turn: what the person chose (a `/lang xx` command, an explicit
 * request, or earlier and sticky) > the language of the message (when detection is confident;
 * a conversation's language changes only for a clear lead and a real sentence, or two messages
 * in a row) > the channel's locale > the market's default > English. A message confidently in a
 * language we do not support is answered in the market's default, with `offerLanguages` set.
 */
export function resolveLanguage(context: LanguageContext): LanguageDecision {
  const request = parseLanguageRequest(context.text);
  const base = { confidence: 0, offerLanguages: false };
  if (request?.language) {
    const isRequest = request.kind === 'command' || request.onlyRequest;
    return { ...base, language: request.language, chosen: true, isRequest, source: request.kind === 'command' ? 'command' : 'request' };
  }
  const chosen = normalizeLanguageCode(context.chosen);
  if (request?.kind === 'command') {
    const current = chosen ? { language: chosen, source: 'chosen' as const } : contextLanguage(context);
    return { ...base, ...current, chosen: Boolean(chosen), isRequest: true, offerLanguages: true, unsupportedRequested: request.unknownCode };
  }
  if (chosen) return { ...base, language: chosen, chosen: true, isRequest: false, source: 'chosen' };

  const detection = detectLanguage(context.text);
  const anchor = contextLanguage(context);
  if (detection.unsupported) {
    return { ...base, ...marketOrFallback(context), chosen: false, isRequest: false, offerLanguages: true, unsupportedDetected: detection.unsupported };
  }
  const detected = neighbourOfMarket(detection, normalizeLanguageCode(context.marketLanguage));
  const decided = { ...base, chosen: false, isRequest: false, confidence: detection.margin };
  if (detected === anchor.language && anchor.source !== 'previous') return { ...decided, language: detected, source: 'detected' };
  if (!detected || detected === anchor.language || !leads(detection, detected, anchor.language)) {
    return { ...decided, ...anchor };
  }
  // A fresh conversation follows the message; a running one needs a sentence (or a second message in a row).
  const running = anchor.source === 'previous';
  const sure = isSentence(detection) || normalizeLanguageCode(context.pending) === detected;
  if (!running || sure) return { ...decided, language: detected, source: 'detected' };
  return { ...decided, ...anchor, pending: detected };
}

/** Exposed for tests and the eval: the thresholds in force. */
export const LANGUAGE_THRESHOLDS = { ...DEFAULT_DETECT_OPTIONS, switchMargin: SWITCH_MARGIN, sentenceWords: SENTENCE_WORDS, sentenceLetters: SENTENCE_LETTERS, switchLetters: SWITCH_LETTERS };
