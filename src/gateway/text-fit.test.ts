import { describe, expect, it } from 'vitest';
import { shortenText, splitText } from './text-fit.ts';

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('fitting a reply to a channel limit', () => {
  it('splits between words, keeps every word, and each part fits', () => {
    const text = Array.from({ length: 200 }, (_, index) => `word${index}`).join(' ');
    const parts = splitText(text, 100);
    expect(parts.every((part) => part.length <= 100)).toBe(true);
    expect(parts.join(' ')).toBe(text);
  });

  it('cuts a run without spaces between graphemes, never inside an emoji', () => {
    const text = '😀'.repeat(80) + '👩‍👩‍👧'.repeat(10);
    const parts = splitText(text, 51);
    expect(parts.every((part) => part.length <= 51 && !loneSurrogate.test(part))).toBe(true);
    expect(parts.join('')).toBe(text);
  });

  it('shortens with an ellipsis, within the limit, at a word', () => {
    expect(shortenText('short', 10)).toBe('short');
    const shortened = shortenText('Your refund for order 1042, the jacket, is on its way.', 30);
    expect(shortened).toBe('Your refund for order 1042…');
    expect(shortened.length).toBeLessThanOrEqual(30);
  });
});
