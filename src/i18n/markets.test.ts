import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.ts';
import { LOCALES_DIR } from './index.ts';
import { SUPPORTED_LANGUAGES } from './languages.ts';
import { defaultMarket, isSupportOpen, marketByCode, marketForPhone, markets, parseMarketTable } from './markets.ts';

describe('the market table', () => {
  it('has the 14 markets in 11 languages, each with currency, time zone, hours and contact', () => {
    expect(markets().map((m) => m.code).sort()).toEqual(['AT', 'AU', 'DE', 'DK', 'ES', 'FI', 'FR', 'GB', 'IT', 'NL', 'NO', 'PL', 'SE', 'US']);
    expect(new Set(markets().map((m) => m.language))).toEqual(new Set(SUPPORTED_LANGUAGES));
    expect(marketByCode('se')).toMatchObject({ currency: 'SEK', language: 'sv', timeZone: 'Europe/Stockholm' });
    expect(marketByCode('NO')).toMatchObject({ currency: 'NOK', language: 'nb' });
    expect(marketByCode('AT')).toMatchObject({ currency: 'EUR', language: 'de', timeZone: 'Europe/Vienna' });
    expect(defaultMarket().code).toBe('US');
  });

  it('refuses a broken table, naming the field', () => {
    const table = JSON.parse(readFileSync(join(LOCALES_DIR, 'markets.json'), 'utf8')) as { markets: Record<string, unknown>[] };
    const broken = structuredClone(table);
    (broken.markets[3] as Record<string, unknown>).timeZone = 'Europe/Atlantis';
    (broken.markets[4] as Record<string, unknown>).language = 'pt';
    expect(() => parseMarketTable(broken)).toThrow(ConfigError);
    expect(() => parseMarketTable(broken)).toThrow(/markets\.3\.timeZone[\s\S]*markets\.4\.language/);
    expect(() => parseMarketTable({ ...table, defaultMarket: 'XX' })).toThrow(/defaultMarket/);
  });
});

describe('the market of a phone number', () => {
  it.each([
    ['+46701234567', 'SE'],
    ['whatsapp:+4915112345678', 'DE'],
    ['+4369912345678', 'AT'],
    ['+31612345678', 'NL'],
    ['+33612345678', 'FR'],
    ['+34612345678', 'ES'],
    ['+393123456789', 'IT'],
    ['+48512345678', 'PL'],
    ['+4791234567', 'NO'],
    ['+358401234567', 'FI'],
    ['+4520123456', 'DK'],
    ['+447700900123', 'GB'],
    ['+61412345678', 'AU'],
    ['+12025550142', 'US'],
    ['whatsapp:+46701234567', 'SE'],
    [' +46 70 123 45 67', 'SE'],
  ])('%s is in %s', (phone, code) => {
    expect(marketForPhone(phone).code).toBe(code);
  });

  it('falls back to the default market for numbers elsewhere or unreadable', () => {
    expect(marketForPhone('+351912345678').code).toBe('US');
    expect(marketForPhone('not a number').code).toBe('US');
    // Digits without a country code, and a web visitor's or Slack user's id, say nothing of a market.
    expect(marketForPhone('46701234567').code).toBe('US');
    expect(marketForPhone('web-visitor-46701234567').code).toBe('US');
    expect(marketForPhone('U046701234').code).toBe('US');
    expect(marketForPhone(undefined).code).toBe('US');
  });
});

describe('support hours', () => {
  const se = marketByCode('SE');
  const fi = marketByCode('FI');
  it('are read in the market time zone', () => {
    if (!se || !fi) throw new Error('markets missing');
    // Wednesday 2026-03-04 18:30 UTC = 19:30 in Stockholm (open until 20), 20:30 in Helsinki (closed at 18).
    expect(isSupportOpen(se, new Date('2026-03-04T18:30:00Z'))).toBe(true);
    expect(isSupportOpen(fi, new Date('2026-03-04T18:30:00Z'))).toBe(false);
    // Sunday noon: Sweden has weekend hours, Finland does not.
    expect(isSupportOpen(se, new Date('2026-03-08T11:00:00Z'))).toBe(true);
    expect(isSupportOpen(fi, new Date('2026-03-08T11:00:00Z'))).toBe(false);
  });
});
