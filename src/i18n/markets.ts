import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { ConfigError } from '../errors.ts';
import { LOCALES_DIR } from './index.ts';
import { SUPPORTED_LANGUAGES } from './languages.ts';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24 h)');

const supportWindowSchema = z.object({
  /** ISO weekdays: 1 = Monday ... 7 = Sunday. */
  days: z.array(z.number().int().min(1).max(7)).min(1),
  open: time,
  close: time,
});

const marketSchema = z.object({
  /** ISO 3166-1 alpha-2 country code. */
  code: z.string().regex(/^[A-Z]{2}$/),
  name: z.string().min(1),
  /** ISO 4217 currency code. */
  currency: z.string().regex(/^[A-Z]{3}$/),
  /** Default language of the market: one of the supported languages. */
  language: z.enum(SUPPORTED_LANGUAGES),
  /** IANA time zone; dates and support hours are in it. */
  timeZone: z.string().refine(isTimeZone, 'unknown IANA time zone'),
  /** Support hours in the market's local time. */
  supportHours: z.array(supportWindowSchema),
  /** How to reach human support in the market, in the market's language. */
  supportContact: z.string().min(1),
});

const marketTableSchema = z
  .object({ defaultMarket: z.string(), markets: z.array(marketSchema).min(1) })
  .refine((table) => table.markets.some((market) => market.code === table.defaultMarket), 'defaultMarket is not in markets')
  .refine((table) => new Set(table.markets.map((market) => market.code)).size === table.markets.length, 'duplicate market code');

/** One market: currency, default language, time zone, support hours and contact. */
export type Market = z.infer<typeof marketSchema>;
export type SupportWindow = z.infer<typeof supportWindowSchema>;
export type MarketTable = z.infer<typeof marketTableSchema>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Validates a market table; throws ConfigError naming the wrong field. */
export function parseMarketTable(input: unknown): MarketTable {
  const result = marketTableSchema.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(table)'}: ${issue.message}`);
    throw new ConfigError(`Invalid market table (locales/markets.json):\n${issues.join('\n')}`);
  }
  return result.data;
}

let table: MarketTable | undefined;
let byCode: Map<string, Market> | undefined;

/** The market table from `locales/markets.json`, loaded and validated once. */
export function marketTable(): MarketTable {
  table ??= parseMarketTable(JSON.parse(readFileSync(join(LOCALES_DIR, 'markets.json'), 'utf8')));
  return table;
}

/** Every market, in table order. */
export function markets(): Market[] {
  return marketTable().markets;
}

/** The market used when nothing else tells (US). */
export function defaultMarket(): Market {
  const all = marketTable();
  return marketByCode(all.defaultMarket) as Market;
}

/** The market with this country code ("SE", "se"), or undefined. */
export function marketByCode(code: string | undefined): Market | undefined {
  if (!code) return undefined;
  byCode ??= new Map(markets().map((market) => [market.code, market]));
  return byCode.get(code.toUpperCase());
}

/**
 * The market of a phone number in E.164 ("+46701234567", also "whatsapp:+46..."), from its
 * country; undefined when the address is not a number, or not from one of our markets.
 */
export function knownMarketForPhone(e164: string | undefined): Market | undefined {
  if (!e164) return undefined;
  // Without a default country the library reads only international numbers ("+46..."); anything
  // else (a web visitor's id, a Slack user) it refuses by throwing and catching an error, which costs
  // more than the rest of the look-up: answer those at once.
  if (!/[+\uFF0B]/.test(e164)) return undefined;
  const phone = parsePhoneNumberFromString(e164.replace(/^[a-z]+:/i, '').trim());
  if (!phone) return undefined;
  const direct = marketByCode(phone.country);
  if (direct) return direct;
  // A number the library cannot pin to one country (+1 area codes it does not know): use the
  // calling code, preferring the default market among those sharing it.
  const fallback = defaultMarket();
  const sharing = markets().filter((market) => getCountryCallingCode(market.code as CountryCode) === phone.countryCallingCode);
  return sharing.find((market) => market.code === fallback.code) ?? sharing[0];
}

/**
 * The market of a phone number (see `knownMarketForPhone`); the default market when the number
 * is not from one of ours or the address is no number.
 */
export function marketForPhone(e164: string | undefined): Market {
  return knownMarketForPhone(e164) ?? defaultMarket();
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** Is human support open in this market at this moment (in the market's time zone)? */
export function isSupportOpen(market: Market, at: Date = new Date()): boolean {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: market.timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  const day = WEEKDAYS[part('weekday')];
  const now = `${part('hour')}:${part('minute')}`;
  return market.supportHours.some((window) => day !== undefined && window.days.includes(day) && now >= window.open && now < window.close);
}
