import { describe, expect, it } from 'vitest';
import { resolveLanguage, type LanguageContext } from './language.ts';
import { parseLanguageRequest } from './language-request.ts';
import { loadLanguageDetector } from './detect.ts';

await loadLanguageDetector();

const decide = (text: string, context: Omit<LanguageContext, 'text'> = {}) => resolveLanguage({ text, ...context });

describe('a person choosing a language', () => {
  it.each([
    ['/lang sv', 'sv'], ['/lang no', 'nb'], ['/lang NB', 'nb'], ['/lang da', 'da'], ['/lang en-GB', 'en'],
    ['can you answer in Swedish', 'sv'], ['in English please', 'en'], ['på svenska tack', 'sv'], ['auf Deutsch bitte', 'de'],
    ['kan du svare på norsk?', 'nb'], ['på dansk tak', 'da'], ['in het Nederlands graag', 'nl'], ['en français svp', 'fr'],
    ['en español por favor', 'es'], ['in italiano per favore', 'it'], ['po polsku proszę', 'pl'], ['suomeksi kiitos', 'fi'],
    ['puhutko suomea?', 'fi'], ['sprechen Sie Deutsch?', 'de'], ['do you speak english', 'en'], ['¿hablas español?', 'es'],
    ['parlez-vous français ?', 'fr'], ['kan ni svara på engelska?', 'en'], ['bitte auf Englisch', 'en'],
    ['English', 'en'], ['svenska', 'sv'], ['Deutsch!', 'de'], ['suomeksi', 'fi'], ['español', 'es'],
  ])('"%s" chooses %s, and it is only a request', (text, language) => {
    expect(decide(text, { previous: 'de', marketLanguage: 'de' })).toMatchObject({ language, chosen: true, isRequest: true });
  });

  it('keeps the choice whatever language the next messages are in', () => {
    expect(decide('mi hanno rubato la carta di credito ieri sera', { chosen: 'sv', previous: 'sv' })).toMatchObject({ language: 'sv', chosen: true, source: 'chosen' });
  });

  it('answers a question that carries a language wish in that language', () => {
    expect(decide('where is my refund? in English please', { previous: 'sv' })).toMatchObject({ language: 'en', chosen: true, isRequest: false });
  });

  it('does not take a language mentioned in passing for a request', () => {
    expect(parseLanguageRequest('I bought a Danish design chair and it arrived broken')).toBeUndefined();
    expect(parseLanguageRequest('my German card was declined')).toBeUndefined();
    expect(parseLanguageRequest('translate this into French')).toBeUndefined();
    expect(parseLanguageRequest('kannst du das auf Englisch übersetzen')).toBeUndefined();
    expect(parseLanguageRequest('översätt det här till engelska')).toBeUndefined();
    expect(decide('I bought a Danish design chair and it arrived broken', { marketLanguage: 'da' }).chosen).toBe(false);
  });

  it('offers the supported languages for /lang alone or an unknown code', () => {
    expect(decide('/lang', { previous: 'fr' })).toMatchObject({ language: 'fr', isRequest: true, offerLanguages: true });
    expect(decide('/lang pt', { marketLanguage: 'sv' })).toMatchObject({ language: 'sv', isRequest: true, offerLanguages: true, unsupportedRequested: 'pt' });
  });
});

describe('the language of the message', () => {
  it('is followed in a new conversation over the channel locale and the market', () => {
    expect(decide('wo ist meine Rückerstattung', { locale: 'en-US', marketLanguage: 'en' })).toMatchObject({ language: 'de', source: 'detected' });
    expect(decide('gdzie jest mój zwrot pieniędzy', { marketLanguage: 'de' })).toMatchObject({ language: 'pl', source: 'detected' });
  });

  it('does not flip a running conversation for a word or two', () => {
    for (const text of ['ok thanks', 'refund', 'sorry', 'cool', 'OK', 'order 55123']) {
      expect(decide(text, { previous: 'sv', marketLanguage: 'sv' }).language, text).toBe('sv');
    }
  });

  it('switches a running conversation at once for a sentence in another language', () => {
    expect(decide('I would like to know where my refund is, it has been two weeks', { previous: 'sv' })).toMatchObject({ language: 'en', source: 'detected' });
    expect(decide('where is my order?', { previous: 'sv', marketLanguage: 'sv' })).toMatchObject({ language: 'en', source: 'detected' });
    expect(decide('I want to dispute a purchase', { previous: 'de', marketLanguage: 'de' })).toMatchObject({ language: 'en', source: 'detected' });
    expect(decide('wo ist meine Bestellung?', { previous: 'en', marketLanguage: 'en' })).toMatchObject({ language: 'de', source: 'detected' });
  });

  it('switches after two short messages in a row in another language', () => {
    const first = decide('refund please', { previous: 'sv' });
    expect(first).toMatchObject({ language: 'sv', pending: 'en' });
    expect(decide('money back', { previous: 'sv', pending: first.pending })).toMatchObject({ language: 'en', source: 'detected' });
  });

  it('tells Danish from Bokmål by spelling, also in a running conversation in the other', () => {
    expect(decide('hvad er status på min bestilling', { previous: 'nb', marketLanguage: 'nb' }).language).toBe('da');
    expect(decide('hva er status på bestillingen min', { previous: 'da', marketLanguage: 'da' }).language).toBe('nb');
    expect(decide('luk min konto', { marketLanguage: 'en' }).language).toBe('da');
  });

  it('breaks a Bokmål/Danish tie with the conversation or the market', () => {
    expect(decide('kan jeg betale alt nå', { marketLanguage: 'nb' }).language).toBe('nb');
    expect(decide('hvordan returnerer jeg skoene', { marketLanguage: 'da' }).language).toBe('da');
    expect(decide('hvordan returnerer jeg skoene', { previous: 'nb', marketLanguage: 'da' }).language).toBe('nb');
    // Leaving another language: the market says which of the two.
    expect(decide('kan jeg returnere varer på salg?', { previous: 'fi', marketLanguage: 'nb' })).toMatchObject({ language: 'nb', source: 'detected' });
    expect(decide('kan jeg returnere varer på salg?', { previous: 'fi', marketLanguage: 'da' })).toMatchObject({ language: 'da', source: 'detected' });
  });
});

describe('without a usable message language', () => {
  it('uses the channel locale, then the market, then English', () => {
    expect(decide('hej', { locale: 'nb-NO', marketLanguage: 'sv' })).toMatchObject({ language: 'nb', source: 'locale' });
    expect(decide('hej', { locale: 'pt-BR', marketLanguage: 'sv' })).toMatchObject({ language: 'sv', source: 'market' });
    expect(decide('👍', {})).toMatchObject({ language: 'en', source: 'fallback' });
  });

  it('answers an unsupported language in the market default and offers the supported ones', () => {
    expect(decide('Olá, preciso de ajuda com o meu pedido', { marketLanguage: 'sv', previous: 'sv' })).toMatchObject({
      language: 'sv', unsupportedDetected: 'pt', offerLanguages: true, chosen: false,
    });
    expect(decide('私の注文はどこですか', { marketLanguage: 'de' })).toMatchObject({ language: 'de', unsupportedDetected: 'ja' });
  });
});
