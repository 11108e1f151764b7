/**
 * Money and dates for a turn's language and market, through `Intl` only.
 * Formatters are cached: building one costs far more than using it.
 */
import type { Money } from './commerce/types.ts';

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

/** The BCP 47 locale of a turn: the person's language in their market ("en-SE", "sv-SE"). */
export function turnLocale(language: string, market: string): string {
  const candidate = market ? `${language}-${market.toUpperCase()}` : language;
  try {
    return Intl.getCanonicalLocales(candidate)[0] ?? language;
  } catch {
    return language;
  }
}

function numberFormat(locale: string, currency: string): Intl.NumberFormat {
  const key = `n|${locale}|${currency}`;
  let format = cache.get(key) as Intl.NumberFormat | undefined;
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    cache.set(key, format);
  }
  return format;
}

function dateFormat(locale: string): Intl.DateTimeFormat {
  const key = `d|${locale}`;
  let format = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    cache.set(key, format);
  }
  return format;
}

/** "1 299,00 kr" for sv-SE, "€640.00" for en-IE... */
export function formatMoney(money: Money, language: string, market: string): string {
  return numberFormat(turnLocale(language, market), money.currency).format(money.amount);
}

/** A calendar date (ISO YYYY-MM-DD) written out for the locale: "15 December 2026". */
export function formatDate(isoDate: string, language: string, market: string): string {
  return dateFormat(turnLocale(language, market)).format(new Date(`${isoDate}T00:00:00Z`));
}
