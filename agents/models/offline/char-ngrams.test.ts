import { describe, expect, it } from 'vitest';
import { forEachCharNgram, forEachCharNgramHash, hashString, HashIndex } from './char-ngrams.ts';

const grams = (word: string) => {
  const out: string[] = [];
  forEachCharNgram(word, 2, 4, (gram) => out.push(gram));
  return out;
};
const hashes = (word: string) => {
  const out: number[] = [];
  forEachCharNgramHash(word, 2, 4, (hash) => out.push(hash));
  return out;
};

describe('character n-grams', () => {
  it('lists the n-grams of a padded word', () => {
    expect(grams(' ab ')).toEqual([' a', ' ab', ' ab ', 'ab', 'ab ', 'b ']);
  });

  it.each([' refund ', ' zwrot ', ' 👋 ', ' a👍🏽b ', ' 你好 '])('hashes %j exactly as the strings hash', (word) => {
    expect(hashes(word)).toEqual(grams(word).map(hashString));
  });

  it('never splits an emoji into halves', () => {
    expect(grams(' 👋 ')).toEqual([' 👋', ' 👋 ', '👋 ']);
  });
});

describe('HashIndex', () => {
  it('finds what was added and nothing else', () => {
    const index = new HashIndex(3);
    expect(index.add(hashString('ab'), 0)).toBe(true);
    expect(index.add(0, 1)).toBe(true);
    expect(index.add(hashString('ab'), 2)).toBe(false);
    expect(index.get(hashString('ab'))).toBe(0);
    expect(index.get(0)).toBe(1);
    expect(index.get(hashString('zz'))).toBe(-1);
  });
});
