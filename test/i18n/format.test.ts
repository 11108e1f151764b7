import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatMoney, intlLocale } from '../../src/i18n/format.ts';
import { marketByCode, markets, type Market } from '../../src/i18n/markets.ts';

// Intl separates groups and currency signs with (narrow) no-break spaces; compare with plain ones.
const plain = (text: string): string => text.replace(/[\u00a0\u202f]/g, ' ');
const market = (code: string): Market => {
  const found = marketByCode(code);
  if (!found) throw new Error(`no market ${code}`);
  return found;
};

// 14:30 UTC on 5 March 2026: 15:30 in Stockholm, 09:30 in New York, 01:30 next day in Sydney.
const moment = new Date('2026-03-05T14:30:00Z');

describe('money in each market, in the market language', () => {
  const examples: [string, string][] = [
    ['US', '$1,234.50'],
    ['GB', '£1,234.50'],
    ['AU', '$1,234.50'],
    ['SE', '1 234,50 kr'],
    ['DE', '1.234,50 €'],
    ['AT', '€ 1.234,50'],
    ['NL', '€ 1.234,50'],
    ['FR', '1 234,50 €'],
    ['ES', '1234,50 €'],
    ['IT', '1234,50 €'],
    ['PL', '1234,50 zł'],
    ['NO', '1 234,50 kr'],
    ['FI', '1 234,50 €'],
    ['DK', '1.234,50 kr.'],
  ];
  it.each(examples)('%s: 1234.5 reads %s', (code, expected) => {
    const m = market(code);
    expect(plain(formatMoney(1234.5, m.currency, m.language, m))).toBe(expected);
  });

  it('covers every market in the table', () => {
    expect(examples.map(([code]) => code).sort()).toEqual(markets().map((m) => m.code).sort());
  });

  it('uses the CLDR conventions for the language as written in the market, in the currency asked for', () => {
    expect(plain(formatMoney(1234.5, 'SEK', 'en', market('SE')))).toBe('1 234,50 kr');
    expect(plain(formatMoney(1234.5, 'USD', 'sv', market('SE')))).toBe('1 234,50 US$');
    expect(plain(formatMoney(-20, 'EUR', 'de', market('DE')))).toBe('-20,00 €');
    expect(intlLocale('en', market('SE'))).toBe('en-SE');
  });
});

describe('dates and times in the market time zone', () => {
  it('shows the local date and time of each market', () => {
    expect(plain(formatDateTime(moment, 'sv', market('SE')))).toBe('5 mars 2026 kl. 15:30');
    expect(plain(formatDateTime(moment, 'en', market('US')))).toBe('March 5, 2026 at 9:30 AM');
    expect(plain(formatDateTime(moment, 'de', market('DE')))).toBe('5. März 2026 um 15:30');
    expect(plain(formatDateTime(moment, 'fi', market('FI')))).toBe('5. maaliskuuta 2026 klo 16.30');
  });

  it('moves to the next day where the market is already past midnight', () => {
    expect(plain(formatDate(moment, 'en', market('AU')))).toBe('6 March 2026');
    expect(plain(formatDate(moment, 'en', market('GB')))).toBe('5 March 2026');
  });

  it('writes dates the way each language does', () => {
    const dates = Object.fromEntries(markets().map((m) => [m.code, plain(formatDate('2026-12-24T12:00:00Z', m.language, m))]));
    expect(dates).toMatchObject({
      FR: '24 décembre 2026', ES: '24 de diciembre de 2026', IT: '24 dicembre 2026', PL: '24 grudnia 2026',
      NL: '24 december 2026', NO: '24. desember 2026', DK: '24. december 2026', AT: '24. Dezember 2026',
    });
  });
});
