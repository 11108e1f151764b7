import { describe, expect, it } from 'vitest';
import { MAX_TEXT_LENGTH, normalizeText, tokenize } from './normalize.ts';

describe('normalizeText', () => {
  it('lowercases and folds accents so unaccented typing matches', () => {
    expect(normalizeText('Rückerstattung DEVOLUCIÓN Crème')).toBe('ruckerstattung devolucion creme');
  });

  it('folds letters NFKD leaves alone (Polish, Nordic, German)', () => {
    expect(normalizeText('Łódź Ærø Øl straße Åse')).toBe('lodz aero ol strasse ase');
    expect(normalizeText('zwrot pieniędzy')).toBe('zwrot pieniedzy');
  });

  it('turns punctuation into single spaces and drops apostrophes', () => {
    expect(normalizeText("  Where's   my card?!  It can’t be...")).toBe('wheres my card it cant be');
  });

  it('keeps emoji and non-Latin scripts', () => {
    expect(normalizeText('Hi 👋 привет 你好')).toBe('hi 👋 привет 你好');
  });

  it('is stable when applied twice', () => {
    const once = normalizeText('Ça coûte 12,50 € — ÜBER 👍🏽!');
    expect(normalizeText(once)).toBe(once);
  });

  it('caps very long text', () => {
    const long = 'refund '.repeat(100_000);
    const normalized = normalizeText(long);
    expect(normalized.length).toBeLessThanOrEqual(MAX_TEXT_LENGTH * 2);
  });

  it('handles empty and whitespace-only text', () => {
    expect(normalizeText('')).toBe('');
    expect(normalizeText(' \n\t ')).toBe('');
  });
});

describe('tokenize', () => {
  it('splits words and separates emoji glued to words', () => {
    expect(tokenize(normalizeText('thanks👍 so much'))).toEqual(['thanks', '👍', 'so', 'much']);
  });

  it('returns no tokens for empty text', () => {
    expect(tokenize('')).toEqual([]);
  });
});
