import type { Market } from './markets.ts';

/**
 * Money, dates and times for a person: the conventions of their language as spoken in their
 * market ("sv" in SE → "1 234,50 kr", "en" in SE → "1 234,50 kr", "de" in DE → "1.234,50 €"),
 * always through Intl, never by hand. Times are shown in the market's time zone.
 */

/** The Intl locale for a language in a market, e.g. "sv-SE", "en-GB", "nb-NO". */
export function intlLocale(language: string, market: Pick<Market, 'code'>): string {
  const locale = `${language}-${market.code}`;
  return Intl.NumberFormat.supportedLocalesOf([locale]).length > 0 ? locale : language;
}

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let format = cache.get(key) as T | undefined;
  if (!format) {
    format = make();
    cache.set(key, format);
  }
  return format;
}

/**
 * Formats an amount of money (in major units: 1234.5 is 1 234,50 kr) in the given currency,
 * for a person writing in `language` in `market`.
 */
export function formatMoney(amount: number, currency: string, language: string, market: Pick<Market, 'code'>): string {
  const locale = intlLocale(language, market);
  return cached(`money|${locale}|${currency}`, () => new Intl.NumberFormat(locale, { style: 'currency', currency })).format(amount);
}

type DateInput = Date | string | number;
const toDate = (value: DateInput): Date => (value instanceof Date ? value : new Date(value));

/** A calendar date ("5 mars 2026", "Mar 5, 2026") in the market's time zone. */
export function formatDate(value: DateInput, language: string, market: Pick<Market, 'code' | 'timeZone'>): string {
  const locale = intlLocale(language, market);
  return cached(`date|${locale}|${market.timeZone}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: market.timeZone })).format(toDate(value));
}

/** A date and time ("5 mars 2026 15:30", "Mar 5, 2026, 9:30 AM") in the market's time zone. */
export function formatDateTime(value: DateInput, language: string, market: Pick<Market, 'code' | 'timeZone'>): string {
  const locale = intlLocale(language, market);
  return cached(`datetime|${locale}|${market.timeZone}`, () =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: market.timeZone }),
  ).format(toDate(value));
}
