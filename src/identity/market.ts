import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { InboundMessage } from '../gateway/messages.ts';

export interface MarketRef {
  code: string;
  language: string;
}

const DEFAULT_MARKET: MarketRef = { code: 'US', language: 'en' };
const LANGUAGE_BY_COUNTRY: Record<string, string> = {
  US: 'en', GB: 'en', AU: 'en', SE: 'sv', DE: 'de', AT: 'de', NL: 'nl', FR: 'fr', ES: 'es', IT: 'it', PL: 'pl', NO: 'nb', FI: 'fi', DK: 'da',
};

/** The market a message's sender belongs to: from the country of the sender's phone number, when it is one. */
export function marketFor(message: InboundMessage): MarketRef {
  if (!message.senderAddress.startsWith('+')) return DEFAULT_MARKET;
  const country = parsePhoneNumberFromString(message.senderAddress)?.country;
  const language = country ? LANGUAGE_BY_COUNTRY[country] : undefined;
  return country && language ? { code: country, language } : DEFAULT_MARKET;
}

/** The market for a stored country code; unknown codes fall back to the default market. */
export function marketByCode(code: string): MarketRef {
  const language = LANGUAGE_BY_COUNTRY[code];
  return language ? { code, language } : DEFAULT_MARKET;
}
