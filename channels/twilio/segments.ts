/**
 * SMS segment arithmetic. A text that fits the GSM 03.38 alphabet travels as
 * GSM-7 (160 septets alone, 153 per part once concatenated); anything else as
 * UCS-2 (70 UTF-16 units alone, 67 per part). Extension characters (`€`, `{`,
 * `[`...) cost two septets and an escape pair never straddles two parts; a
 * surrogate pair never straddles two UCS-2 parts either.
 * https://www.twilio.com/docs/glossary/what-sms-character-limit
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '\f^{}\\[~]|€';

const basic = new Set(GSM_BASIC);
const extension = new Set(GSM_EXTENSION);

const LIMITS = {
  'GSM-7': { single: 160, part: 153 },
  'UCS-2': { single: 70, part: 67 },
} as const;

/** True when every character of `text` exists in the GSM-7 alphabet (basic or extension). */
export function isGsm7(text: string): boolean {
  for (const char of text) if (!basic.has(char) && !extension.has(char)) return false;
  return true;
}

export function encodingOf(text: string): SmsEncoding {
  return isGsm7(text) ? 'GSM-7' : 'UCS-2';
}

/** What one character costs in its encoding: septets for GSM-7, UTF-16 units for UCS-2. */
function costOf(char: string, encoding: SmsEncoding): number {
  if (encoding === 'GSM-7') return extension.has(char) ? 2 : 1;
  return char.length;
}

function costOfText(text: string, encoding: SmsEncoding): number {
  let units = 0;
  for (const char of text) units += costOf(char, encoding);
  return units;
}

export interface SegmentInfo {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 units (UCS-2) the text costs. */
  units: number;
  segments: number;
}

/** How many SMS segments `text` takes, packing parts the way handsets do. */
export function segmentInfo(text: string): SegmentInfo {
  const encoding = encodingOf(text);
  const { single, part } = LIMITS[encoding];
  const units = costOfText(text, encoding);
  if (units === 0) return { encoding, units, segments: 0 };
  if (units <= single) return { encoding, units, segments: 1 };
  let segments = 1;
  let used = 0;
  for (const char of text) {
    const cost = costOf(char, encoding);
    if (used + cost > part) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return { encoding, units, segments };
}

/** Units a text of `encoding` may use and still fit in `maxSegments` parts. */
function capacity(encoding: SmsEncoding, maxSegments: number): number {
  const { single, part } = LIMITS[encoding];
  // Escape pairs and surrogate pairs that cannot straddle a part may waste one unit per part.
  return maxSegments <= 1 ? single : maxSegments * part - maxSegments;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Shortens `text` so it fits in `maxSegments` SMS parts. It cuts at the last
 * space before the limit unless that would drop more than half of what fits (a
 * long unbroken run, such as a row of emoji, is then cut between two graphemes,
 * never inside one) and marks the cut with an ellipsis of the text's encoding.
 */
export function fitToSegments(text: string, maxSegments: number): string {
  if (segmentInfo(text).segments <= maxSegments) return text;
  const encoding = encodingOf(text);
  const ellipsis = encoding === 'GSM-7' ? '...' : '…';
  const budget = capacity(encoding, maxSegments) - costOfText(ellipsis, encoding);
  let used = 0;
  let end = 0;
  let lastSpace = -1;
  let usedAtLastSpace = 0;
  let cleanBreak = false;
  for (const { segment, index } of graphemes.segment(text)) {
    const cost = costOfText(segment, encoding);
    if (used + cost > budget) {
      cleanBreak = /\s/.test(segment);
      break;
    }
    used += cost;
    end = index + segment.length;
    if (/\s/.test(segment)) {
      lastSpace = index;
      usedAtLastSpace = used;
    }
  }
  const wordBreakKeepsEnough = lastSpace > 0 && usedAtLastSpace * 2 >= used;
  const cut = cleanBreak || !wordBreakKeepsEnough ? end : lastSpace;
  // The budget is conservative and the ellipsis keeps the text's encoding, so this fits.
  return `${text.slice(0, cut).replace(/[\s,;:.!?-]+$/u, '')}${ellipsis}`;
}

/**
 * Longest text, in characters, that `maxSegments` parts hold in the worst
 * (UCS-2) case: what an adapter advertises as `limits.maxTextLength`.
 */
export function worstCaseLength(maxSegments: number): number {
  return capacity('UCS-2', maxSegments);
}

// Typographic characters models like to write; each forces UCS-2 (halving what
// a segment holds) although a GSM-7 lookalike says the same thing.
const LOOKALIKES: [RegExp, string][] = [
  [/[\u2018\u2019\u201A\u201B\u2032\u00B4`]/g, "'"],
  [/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"'],
  [/[\u2010-\u2015\u2212]/g, '-'],
  [/\u2026/g, '...'],
  [/[\u00A0\u2000-\u200A\u202F\u205F\u3000]/g, ' '],
  [/[\u200B\u200C\u2060\uFEFF]/g, ''],
  // A zero-width joiner inside an emoji sequence (👩‍👩‍👧) is part of the picture: only a stray one goes.
  [/\u200D(?!\p{Extended_Pictographic})/gu, ''],
  [/[\u2022\u00B7\u25CF\u25E6]/g, '-'],
];

/** Replaces typographic punctuation with its GSM-7 lookalike (what Twilio calls Smart Encoding). */
export function toGsmLookalikes(text: string): string {
  let result = text;
  for (const [pattern, replacement] of LOOKALIKES) result = result.replace(pattern, replacement);
  return result;
}
