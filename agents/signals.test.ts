import { describe, expect, it } from 'vitest';
import { containsPhrase, hasSignalDespiteTypos, oneTypoApart, parseLexicon, signalText } from './signals.ts';

describe('one typo apart', () => {
  it('forgives one letter missing, added, changed, or two swapped, and no more', () => {
    expect(['declned', 'declinedd', 'declimed', 'delcined'].map((word) => oneTypoApart(word, 'declined'))).toEqual([true, true, true, true]);
    expect(['decld', 'refused', 'dcelnied'].map((word) => oneTypoApart(word, 'declined'))).toEqual([false, false, false]);
  });

  it('matches a signal despite a typo, but not a short or different word', () => {
    expect(hasSignalDespiteTypos('declined_payment', 'my card was declned', 'en')).toBe(true);
    expect(hasSignalDespiteTypos('payment_means', 'my crad', 'en')).toBe(true);
    expect(hasSignalDespiteTypos('payment_means', 'meine krate', 'de')).toBe(true);
    expect(hasSignalDespiteTypos('payment_means', 'my dog', 'en')).toBe(false);
    expect(hasSignalDespiteTypos('declined_payment', 'I decided to wait', 'en')).toBe(false);
  });
});

describe('a phrase with a gap', () => {
  const [gap] = parseLexicon('charge* ... twice');
  it('lets up to three words come between its parts, in order', () => {
    expect(containsPhrase(signalText('why did you charge my card twice?'), gap!)).toBe(true);
    expect(containsPhrase(signalText('charged twice'), gap!)).toBe(true);
    expect(containsPhrase(signalText('charged for the jacket and the shoes twice'), gap!)).toBe(false);
    expect(containsPhrase(signalText('twice I was charged'), gap!)).toBe(false);
  });
});
