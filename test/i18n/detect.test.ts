import { describe, expect, it } from 'vitest';
import { loadLabelledMessages } from '../../evals/language-detection/dataset.ts';
import { countLetters, detectLanguage, loadLanguageDetector } from '../../src/i18n/detect.ts';

await loadLanguageDetector();

describe('detectLanguage on short support messages', () => {
  const messages = loadLabelledMessages();

  it('names the right language for at least 94% of the labelled set, and is rarely wrong when it answers', () => {
    let right = 0;
    let wrong = 0;
    for (const { text, lang } of messages) {
      const got = detectLanguage(text).language;
      if (got === lang) right += 1;
      else if (got !== undefined) wrong += 1;
    }
    expect(messages.length).toBeGreaterThanOrEqual(440);
    expect(right / messages.length).toBeGreaterThanOrEqual(0.94);
    // nearly all the errors left are short Bokmål read as Danish and back; resolveLanguage breaks those ties
    expect(wrong / messages.length).toBeLessThanOrEqual(0.04);
  });

  it('does not guess on a word or two', () => {
    for (const text of ['ok', 'hej', 'tack!', 'thx', '👍', '12345', 'https://shop.example/order/1']) {
      expect(detectLanguage(text).language, text).toBeUndefined();
    }
  });

  it('ignores links, e-mail addresses and numbers when counting what there is to read', () => {
    expect(countLetters('order 55123 https://shop.example/x mail@a.se')).toBe('order'.length);
  });

  it('never takes a short message in one of our languages for a foreign one', () => {
    expect(messages.filter(({ text }) => detectLanguage(text).unsupported).map(({ text }) => text)).toEqual([]);
  });

  it('tells Bokmål from Danish by their spelling when the n-grams cannot', () => {
    expect(detectLanguage('hvor er pengene mine').language).toBe('nb');
    expect(detectLanguage('jeg har glemt passordet mitt').language).toBe('nb');
    expect(detectLanguage('jeg har stadig ikke fået pengene').language).toBe('da');
    expect(detectLanguage('kan I hjælpe mig med min ordre').language).toBe('da');
    const second = loadLabelledMessages(new URL('../../evals/language-detection/holdout-nb-da.tsv', import.meta.url));
    const right = second.filter(({ text, lang }) => detectLanguage(text).language === lang).length;
    expect(right / second.length).toBeGreaterThanOrEqual(0.85);
  });

  it('recognises messages in languages we do not support', () => {
    expect(detectLanguage('Olá, preciso de ajuda com o meu pedido').unsupported).toBe('pt');
    expect(detectLanguage('私の注文はどこですか').unsupported).toBe('ja');
    expect(detectLanguage('Merhaba, siparişim nerede kaldı').unsupported).toBe('tr');
    expect(detectLanguage('Где мой заказ, помогите пожалуйста').unsupported).toBe('ru');
    expect(detectLanguage('dónde está mi reembolso por favor').unsupported).toBeUndefined();
  });
});
