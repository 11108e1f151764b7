import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.ts';
import { detectLanguage, loadLanguageDetector } from '../../src/i18n/detect.ts';
import { formatDate, formatMoney } from '../../src/i18n/format.ts';
import { resolveLanguage, type LanguageDecision } from '../../src/i18n/language.ts';
import { languageNotice } from '../../src/i18n/language-texts.ts';
import { marketForPhone } from '../../src/i18n/markets.ts';

await loadLanguageDetector();

/**
 * A conversation as the gateway runs it: market from the phone number, language per message
 * (remembering the previous decision as the thread would), reply texts from i18next, amounts
 * and dates through Intl. Messages here are held out: none is in the detector's labelled set.
 */
class Conversation {
  private previous?: string;
  private chosen?: string;
  private pending?: string;
  readonly market;

  constructor(phone: string, private readonly locale?: string) {
    this.market = marketForPhone(phone);
  }

  send(text: string): LanguageDecision {
    const decision = resolveLanguage({
      text, chosen: this.chosen, previous: this.previous, pending: this.pending, locale: this.locale, marketLanguage: this.market.language,
    });
    this.previous = decision.language;
    this.pending = decision.pending;
    if (decision.chosen) this.chosen = decision.language;
    return decision;
  }
}

const heldOut: [phone: string, language: string, message: string, money: RegExp][] = [
  ['+12125550199', 'en', 'Hi, I still have not received my refund for the jacket', /^\$1,234\.50$/],
  ['+447700900456', 'en', 'my parcel says delivered but it is not here', /^£1,234\.50$/],
  ['+61491570006', 'en', 'can I move my payment date to next week?', /^\$1,234\.50$/],
  ['+46731234567', 'sv', 'hej, jag har inte fått tillbaka pengarna för jackan', /^1 234,50 kr$/],
  ['+4915212345678', 'de', 'Hallo, ich habe mein Geld für die Jacke noch nicht zurück', /^1\.234,50 €$/],
  ['+436641234567', 'de', 'Servus, meine Lieferung ist immer noch nicht angekommen', /^€ 1\.234,50$/],
  ['+31687654321', 'nl', 'hoi, ik heb mijn geld voor de jas nog steeds niet terug', /^€ 1\.234,50$/],
  ['+33698765432', 'fr', "bonjour, je n'ai toujours pas été remboursé pour la veste", /^1 234,50 €$/],
  ['+34698765432', 'es', 'hola, todavía no me han devuelto el dinero de la chaqueta', /^1234,50 €$/],
  ['+393471234567', 'it', 'ciao, non ho ancora ricevuto il rimborso per la giacca', /^1234,50 €$/],
  ['+48601234567', 'pl', 'dzień dobry, nadal nie dostałam zwrotu za kurtkę', /^1234,50 zł$/],
  ['+4741234567', 'nb', 'hei, jeg har fortsatt ikke fått pengene tilbake for jakken', /^1 234,50 kr$/],
  ['+358501234567', 'fi', 'hei, en ole vieläkään saanut rahoja takaisin takista', /^1 234,50 €$/],
  ['+4531234567', 'da', 'hej, jeg har stadig ikke fået pengene tilbage for jakken', /^1\.234,50 kr\.$/],
];

const plain = (text: string): string => text.replace(/[\u00a0\u202f]/g, ' ');

describe('held-out messages in all 11 languages', () => {
  it.each(heldOut)('%s writes %s: the answer is in that language, with the market formats', (phone, language, message, money) => {
    const conversation = new Conversation(phone);
    const decision = conversation.send(message);
    expect(decision.language).toBe(language);

    const t = translator(decision.language);
    const reply = `${t('support.closed')} ${t('support.people_ahead', { count: 3 })}`;
    expect(detectLanguage(reply).best).toBe(language);
    expect(plain(formatMoney(1234.5, conversation.market.currency, decision.language, conversation.market))).toMatch(money);
    expect(formatDate('2026-03-05T12:00:00Z', decision.language, conversation.market)).toMatch(/2026/);
  });
});

describe('switching language mid-conversation', () => {
  it('follows the person, and a choice sticks until they choose again', () => {
    const chat = new Conversation('+46731234567');
    expect(chat.send('hej, var är min återbetalning?').language).toBe('sv');
    expect(chat.send('ok').language).toBe('sv');
    expect(chat.send('thanks').language).toBe('sv');
    expect(chat.send('Entschuldigung, ich spreche kein Schwedisch, wo ist meine Erstattung?').language).toBe('de');
    const request = chat.send('/lang fi');
    expect(request).toMatchObject({ language: 'fi', isRequest: true });
    expect(languageNotice(request)).toBe('Selvä! Vastaan tästä lähtien suomeksi.');
    expect(chat.send('var är min återbetalning, det har gått två veckor nu').language).toBe('fi');
    expect(chat.send('på svenska tack').language).toBe('sv');
  });

  it('uses the Teams or Slack locale before the market when the message says little', () => {
    const chat = new Conversation('+46731234567', 'de-AT');
    expect(chat.send('hi').language).toBe('de');
  });
});

describe('a language we do not support', () => {
  it('gets the market default and an offer of the supported languages', () => {
    const chat = new Conversation('+4915212345678');
    const decision = chat.send('Olá, ainda não recebi o meu reembolso');
    expect(decision).toMatchObject({ language: 'de', unsupportedDetected: 'pt', offerLanguages: true });
    const notice = languageNotice(decision) ?? '';
    expect(notice).toContain('Leider kann ich in dieser Sprache noch nicht helfen');
    for (const name of ['English', 'svenska', 'Deutsch', 'Nederlands', 'français', 'español', 'italiano', 'polski', 'norsk', 'suomi', 'dansk']) {
      expect(notice).toContain(name);
    }
  });

  it('from a country without a market gets English, the default market', () => {
    const chat = new Conversation('+351912345678');
    expect(chat.send('Olá, ainda não recebi o meu reembolso')).toMatchObject({ language: 'en', unsupportedDetected: 'pt' });
  });
});
