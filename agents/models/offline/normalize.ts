/**
 * Unicode-aware text normalization for the offline intent classifier.
 * Every language goes through the same steps, so a model trained on one
 * spelling still recognises the others ("Rückerstattung", "ruckerstattung").
 */

/** Longer input is cut here: intent lives in the first lines, and it bounds the work per message. */
export const MAX_TEXT_LENGTH = 1000;

// Letters NFKD does not decompose into base letter + combining mark.
const EXTRA_FOLDS: Record<string, string> = {
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  ı: 'i',
};
const EXTRA_FOLD_PATTERN = new RegExp(`[${Object.keys(EXTRA_FOLDS).join('')}]`, 'gu');
const COMBINING_MARKS = /\p{M}+/gu;
// Apostrophes of any script are dropped so "can't", "can’t" and "cant" agree.
const APOSTROPHES = /['’ʼ`´]/gu;
const NOT_WORD = /[^\p{L}\p{N}\p{Extended_Pictographic}]+/gu;

/**
 * Lowercases, folds accents and compatibility forms (NFKD, then strips combining
 * marks), maps every run of punctuation/whitespace to one space and caps the
 * length. The result is stable: normalizing twice changes nothing.
 */
export function normalizeText(text: string, maxLength: number = MAX_TEXT_LENGTH): string {
  // Cut before the costly steps; code points, so a surrogate pair is never split.
  const capped = text.length > maxLength * 2 ? Array.from(text.slice(0, maxLength * 2)).slice(0, maxLength).join('') : text;
  return capped
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(EXTRA_FOLD_PATTERN, (ch) => EXTRA_FOLDS[ch] ?? ch)
    .replace(APOSTROPHES, '')
    .replace(NOT_WORD, ' ')
    .trim()
    .slice(0, maxLength * 2);
}

/** Splits normalized text into words; emoji count as words of their own. */
export function tokenize(normalized: string): string[] {
  if (normalized === '') return [];
  const tokens: string[] = [];
  for (const part of normalized.split(' ')) {
    if (part === '') continue;
    // Emoji glued to a word ("thanks👍") become separate tokens.
    const pieces = part.match(/\p{Extended_Pictographic}|[\p{L}\p{N}]+/gu);
    if (pieces) tokens.push(...pieces);
  }
  return tokens;
}
