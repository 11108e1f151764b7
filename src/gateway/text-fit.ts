/**
 * Keeping a reply within a channel's `limits.maxTextLength` (UTF-16 units, what JavaScript's
 * `length` and most provider limits count). Adapters render with these: text is cut at the last
 * space or line break before the limit, and only when a single run without spaces is longer
 * than half the limit between two graphemes, so no word is split while there is a space to cut
 * at, and never inside a surrogate pair or an emoji sequence.
 */

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Where to cut `text` so its head holds at most `max` units. */
function cutPoint(text: string, max: number): number {
  for (let index = Math.min(max, text.length - 1); index > max / 2; index -= 1) {
    if (/\s/.test(text[index]!)) return index;
  }
  let end = 0;
  for (const { index, segment } of graphemes.segment(text.slice(0, max + 1))) {
    if (index + segment.length > max) break;
    end = index + segment.length;
  }
  // A single grapheme longer than the limit (never in practice): cut it rather than loop forever.
  return end > 0 ? end : max;
}

/** The whole text in parts of at most `max` units each, in order; nothing is dropped but the whitespace at a cut. */
export function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const cut = cutPoint(rest, max);
    const head = rest.slice(0, cut).trimEnd();
    if (head) parts.push(head);
    rest = rest.slice(cut).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}

/** The text itself when it fits, else its beginning, cut the same way, ending in `ellipsis`: at most `max` units. */
export function shortenText(text: string, max: number, ellipsis = '…'): string {
  if (text.length <= max) return text;
  const head = splitText(text, max - ellipsis.length)[0] ?? '';
  return `${head.replace(/[\s,;:.!?-]+$/u, '')}${ellipsis}`;
}
