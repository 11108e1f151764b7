/**
 * Typing slips for training: each example with a word of four letters or more
 * gets one copy in which one such word has a letter dropped, two letters swapped
 * or a letter doubled ("refund" → "refnd", "rfeund", "reffund"). Customers type
 * like that; the character n-grams then learn that a slip is the same word.
 * Seeded, so the same data gives the same model.
 */
import type { LabelledExample } from './classifier.ts';
import { seededRandom } from './random.ts';

const LONG_WORD = /^\p{L}{4,}$/u;

/** One slip inside `word` (four letters or more; its first and last letters stay), chosen by `random`. */
export function slip(word: string, random: () => number): string {
  const chars = Array.from(word);
  const at = 1 + Math.floor(random() * (chars.length - 2));
  const kind = Math.floor(random() * 3);
  if (kind === 0) chars.splice(at, 1);
  else if (kind === 1) {
    const left = Math.min(at, chars.length - 3); // the last letter stays in place
    [chars[left], chars[left + 1]] = [chars[left + 1]!, chars[left]!];
  }
  else chars.splice(at, 0, chars[at]!);
  return chars.join('');
}

/** The examples followed by one slipped copy of each that has a long enough word. */
export function withTypingSlips(examples: readonly LabelledExample[], seed = 1): LabelledExample[] {
  const random = seededRandom(seed);
  const slipped: LabelledExample[] = [];
  for (const example of examples) {
    const words = example.text.split(' ');
    const candidates = words.flatMap((word, index) => (LONG_WORD.test(word) ? [index] : []));
    if (candidates.length === 0) continue;
    const index = candidates[Math.floor(random() * candidates.length)]!;
    words[index] = slip(words[index]!, random);
    slipped.push({ text: words.join(' '), label: example.label });
  }
  return [...examples, ...slipped];
}
