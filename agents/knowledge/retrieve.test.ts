/** Retrieval over the demo company's articles as shipped in knowledge/. */
import { describe, expect, it } from 'vitest';
import { KnowledgeBase } from '../knowledge-base.ts';

const base = new KnowledgeBase();
const ask = (question: string, language: string, market: string, marketLanguage?: string) => base.retrieve({ question, language, market, ...(marketLanguage ? { marketLanguage } : {}) });

describe('the demo knowledge base', () => {
  it('answers a question in the customer\'s language from that language\'s article', () => {
    const swedish = ask('Kan jag returnera reavaror?', 'sv', 'SE', 'sv');
    expect(swedish.sources[0]).toMatchObject({ article: { id: 'return_window', language: 'sv' }, section: { anchor: 'sale' } });
    expect(swedish.sources[0]!.link).toBe('https://help.switchboard.example/sv/return-window#sale');
    expect(swedish.otherLanguage).toBeUndefined();
    expect(ask('Wie lange habe ich Zeit, etwas zurückzuschicken?', 'de', 'DE', 'de').sources[0]?.article).toMatchObject({ id: 'return_window', language: 'de' });
    expect(ask('Czy sprawdzacie historię kredytową?', 'pl', 'PL', 'pl').sources[0]?.article).toMatchObject({ id: 'credit_check', language: 'pl' });
  });

  it('reads a question as customers type it: chat fillers, and sale items in their own words', () => {
    expect(ask('ok and do u charge late fees', 'en', 'US', 'en').sources[0]).toMatchObject({ article: { id: 'late_fees' }, section: { anchor: 'fee' } });
    expect(ask('kan jag lämna tillbaka saker som var på rea?', 'sv', 'SE', 'sv').sources[0]).toMatchObject({ article: { id: 'return_window' }, section: { anchor: 'sale' } });
    expect(ask('kan jeg returnere varer på salg?', 'nb', 'NO', 'nb').sources[0]).toMatchObject({ article: { id: 'return_window' }, section: { anchor: 'sale' } });
  });

  it('reads "if I don\'t pay on time" as paying late, in every language, and "if I pay on time" as it is', () => {
    const notOnTime: [string, string, string][] = [
      ['en', 'US', "what happens if I don't pay on time?"],
      ['de', 'DE', 'und wenn ich nicht pünktlich zahle, was passiert dann'],
      ['sv', 'SE', 'vad händer om jag inte betalar i tid'],
      ['nb', 'NO', 'hva skjer hvis jeg ikke betaler i tide?'],
      ['da', 'DK', 'hvad sker der hvis jeg ikke betaler til tiden'],
      ['nl', 'NL', 'wat gebeurt er als ik niet op tijd betaal?'],
      ['fr', 'FR', 'que se passe-t-il si je ne paie pas à temps ?'],
      ['es', 'ES', '¿qué pasa si no pago a tiempo?'],
      ['it', 'IT', 'cosa succede se non pago in tempo?'],
      ['pl', 'PL', 'co jeśli nie zapłacę na czas?'],
      ['fi', 'FI', 'mitä tapahtuu jos en maksa ajoissa?'],
    ];
    for (const [language, market, question] of notOnTime) {
      expect(ask(question, language, market, language).sources[0]?.article.id, question).toBe('late_fees');
    }
    expect(ask('do you charge fees if I pay on time?', 'en', 'US', 'en').sources[0]?.article.id).not.toBe('late_fees');
  });

  it('gives each market its own variant: the late fee in Sweden is not the one in Germany', () => {
    const sweden = ask('how much is the late fee?', 'en', 'SE', 'sv').sources[0]!;
    const germany = ask('how much is the late fee?', 'en', 'DE', 'de').sources[0]!;
    const britain = ask('how much is the late fee?', 'en', 'GB', 'en').sources[0]!;
    expect(sweden.article.markets).toEqual(['SE']);
    expect(sweden.section.text).toContain('60 kr');
    expect(germany.article.markets).toEqual(['DE']);
    expect(germany.section.text).toContain('€2.50');
    expect(britain.article.markets).toBeUndefined();
    expect(britain.section.text).not.toMatch(/60 kr|2\.50/);
  });

  it('shows the market language\'s version, and says so, when the customer\'s language has none', () => {
    const finnishInSweden = ask('Paljonko viivästysmaksu on?', 'fi', 'SE', 'sv');
    expect(finnishInSweden.sources[0]).toMatchObject({ article: { id: 'late_fees', language: 'sv', markets: ['SE'] }, section: { anchor: 'fee' } });
    expect(finnishInSweden.otherLanguage).toBe('sv');
  });

  it('finds nothing for what no article is about', () => {
    for (const [question, language] of [['what is the weather like in Paris tomorrow?', 'en'], ['Vem vann fotbolls-VM 2018?', 'sv'], ['Wie koche ich Spaghetti?', 'de']] as const) {
      expect(ask(question, language, 'SE').sources, question).toEqual([]);
    }
  });

  it('does not answer from an article that only shares the word "policy" or "check" with the question', () => {
    for (const [question, language] of [['do you have a policy on pets', 'en'], ['what is your policy on bringing pets to the store?', 'en'], ['wat is jullie beleid voor huisdieren', 'nl']] as const) {
      expect(ask(question, language, 'US').sources, question).toEqual([]);
    }
    expect(ask('what is your return policy', 'en', 'US').sources[0]).toMatchObject({ article: { id: 'return_window' } });
    // "Can you check?" asks for a look, not about credit checks.
    expect(ask('can you check?', 'en', 'US').sources).toEqual([]);
    expect(ask('do you do a credit check?', 'en', 'US').sources[0]).toMatchObject({ article: { id: 'credit_check' } });
  });
});
