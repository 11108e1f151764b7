import { describe, expect, it } from 'vitest';
import { translator } from '../src/i18n/index.ts';
import { DEFAULT_ESCALATION_RULES, containsPhrase, decideEscalation, frustrationScore, parseLexicon } from './escalation.ts';

const calm = { outcome: 'resolved' as const, failuresBefore: 0, frustration: 0 };

describe('decideEscalation', () => {
  it('escalates explicit requests and high-risk intents first', () => {
    expect(decideEscalation({ ...calm, specialistReason: 'requested_human' })).toBe('requested_human');
    expect(decideEscalation({ ...calm, specialistReason: 'stolen_card' })).toBe('stolen_card');
    expect(decideEscalation({ ...calm, specialistReason: 'fraud_suspected', frustration: 5 })).toBe('fraud_suspected');
  });

  it('applies the dispute limit per currency', () => {
    expect(decideEscalation({ ...calm, disputeAmount: { amount: 640, currency: 'EUR' } })).toBe('dispute_over_limit');
    expect(decideEscalation({ ...calm, disputeAmount: { amount: 640, currency: 'SEK' } })).toBeUndefined();
  });

  it('escalates the second failure in a row, not the first', () => {
    expect(decideEscalation({ ...calm, outcome: 'clarify' })).toBeUndefined();
    expect(decideEscalation({ ...calm, outcome: 'failed', failuresBefore: 1 })).toBe('repeated_failure');
    expect(decideEscalation({ ...calm, failuresBefore: 1 })).toBeUndefined();
  });
});

describe('frustrationScore', () => {
  const en = translator('en', 'agent');
  it('scores strong frustration above a plain question', () => {
    expect(frustrationScore('where is my order?', 'en', en, en)).toBe(0);
    expect(frustrationScore('this is useless, worst service ever!!!', 'en', en, en)).toBeGreaterThanOrEqual(2);
    expect(frustrationScore('WHERE IS MY MONEY YOU PEOPLE', 'en', en, en)).toBe(1);
  });

  it('recognises strong frustration in every language, inflected words included', () => {
    const angry: Record<string, string> = {
      pl: 'To jest skandal i żenada, beznadziejna obsługa',
      fi: 'Tämä on naurettavaa ja kamalaa palvelua',
      da: 'Det er helt uacceptabelt og latterligt',
      sv: 'Helt värdelöst och skandalöst bemötande',
      de: 'Eine Frechheit, total nutzloser Service',
      nl: 'Schandalig en belachelijk',
      fr: 'C\'est scandaleux, service lamentable',
      es: 'Es un escándalo, un servicio patético',
      it: 'Servizio pessimo, è una vergogna',
      nb: 'Helt håpløst, skandaløs kundeservice',
      en: 'Appalling, an absolute disgrace',
    };
    for (const [language, text] of Object.entries(angry)) {
      const t = translator(language, 'agent');
      expect(frustrationScore(text, language, t, en), `${language}: ${text}`).toBeGreaterThanOrEqual(DEFAULT_ESCALATION_RULES.frustrationThreshold);
    }
    expect(frustrationScore('tell me a joke', 'en', en, en)).toBeLessThan(DEFAULT_ESCALATION_RULES.frustrationThreshold);
  });

  it('matches a stem (written with *) at the start of a word only', () => {
    const [stem] = parseLexicon('beznadziejn*');
    expect(containsPhrase(' beznadziejna obsluga ', stem!)).toBe(true);
    expect(containsPhrase(' niebeznadziejna ', stem!)).toBe(false);
  });
});
