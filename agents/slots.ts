/**
 * Slot extraction: the order numbers, amounts, dates, card digits, phone numbers
 * and e-mail addresses a message names. Deterministic regular expressions,
 * shared by the offline model and (later) as a check on what an LLM extracts.
 */
import type { Money } from './commerce/types.ts';

export interface Slots {
  orderId?: string;
  amount?: Money;
  /** ISO date (YYYY-MM-DD). */
  date?: string;
  cardLast4?: string;
  /** E.164, for staff looking a customer up. */
  phone?: string;
  email?: string;
  /**
   * Other 3–10 digit numbers the message names without saying what they are
   * ("money back for 4001"). Only an order of the verified person's own may
   * turn one into an order (see `chooseOrder`); never trusted on their own.
   */
  numbers?: string[];
}

// Finnish inflects the word ("tilauksesta", "tilaukseen"): its stem takes any ending.
const ORDER_WORDS = 'order|orders|ordre|ordren|ordine|orden|ordernummer|ordrenummer|bestellung|bestellnummer|bestilling|bestillingen|commande|pedido|zam[oó]wienie|zam[oó]wienia|zam[oó]wieniu|zam[oó]wieniem|tilaus|tilauksen|tilausnumero|tilaukse\\p{L}*|beställning|beställningen|ordernumret|bestelling|bestellingnummer';
const ORDER_PATTERN = new RegExp(
  `(?:${ORDER_WORDS})\\s*(?:no\\.?|nr\\.?|number|nummer|numero|número|n[°º]|id)?\\s*[:#]?\\s*(\\d{3,10})\\b|#\\s?(\\d{3,10})\\b`,
  'iu',
);
// A reply that is only a number ("1042", "it's #1042") answers "which order?".
const BARE_ORDER = /^\s*(?:(?:it'?s|it is|number|nr|no|the)\s*)?#?(\d{3,10})\s*[.!]?\s*$/i;

const CURRENCY_SYMBOLS: Record<string, string> = { '€': 'EUR', $: 'USD', '£': 'GBP', zł: 'PLN', zl: 'PLN' };
const KRONA_BY_MARKET: Record<string, string> = { SE: 'SEK', NO: 'NOK', DK: 'DKK', IS: 'ISK' };
const CODES = 'sek|nok|dkk|eur|usd|gbp|chf|pln|euro|euros|dollars?|pounds?';
const NUMBER = String.raw`\d{1,3}(?:[ .,\u00a0]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
const SYMBOL = String.raw`€|\$|£|zł|zl|kr\.?|:-`;
const AMOUNT_PATTERN = new RegExp(
  `(?:(${SYMBOL}|\\b(?:${CODES})\\b)\\s?(${NUMBER}))|(?:(${NUMBER})\\s?(${SYMBOL}|\\b(?:${CODES})\\b))`,
  'iu',
);

// How each language says "the card ending in 1234", in all eleven languages.
const CARD_CUES = [
  'ending(?: in| with| on)?', 'ends? (?:in|with|on)', 'last (?:4|four)(?: digits)?(?: (?:are|is|of))?',
  'slutar (?:på|med)', 'sista (?:4|fyra) (?:siffrorna|siffror)(?: är)?',
  'endung', 'endet (?:auf|mit)', 'endend (?:auf|mit)', 'letzten? (?:4|vier) ziffern(?: sind| lauten)?', 'endziffern',
  'eindigt (?:op|met)', 'eindigend (?:op|met)', 'laatste (?:4|vier) cijfers(?: zijn)?',
  'se termin\\p{L}* (?:par|en)', 'finissant par', '(?:4|quatre) derniers chiffres(?: sont)?',
  'termina(?:da|do|ndo)? (?:en|in|con|por)', 'finisce (?:con|per|in)', '[uú]ltim[oa]s (?:4|cuatro) (?:d[ií]gitos|n[uú]meros)(?: son)?', 'ultime (?:4|quattro) cifre(?: sono)?',
  'ko[nń]cz\\S* si[eę] (?:na|cyframi)', 'ostatnie (?:4|cztery) cyfry(?: to)?',
  'slutter (?:på|med)', 'ender (?:på|med)', '(?:fire|4) siste (?:sifre|sifrene)', 'siste (?:4|fire) (?:sifre|sifrene)', 'sidste (?:4|fire) (?:cifre|cifrene)',
  'p[aä]{2}tty(?:y|v[aä][nä]?)(?: numero(?:on|ihin))?', 'loppuu(?: numero(?:on|ihin))?', 'viimeiset (?:4|nelj[aä]) (?:numeroa|numerot)(?: ovat)?',
];
const CARD_PATTERN = new RegExp(`(?:(?:${CARD_CUES.join('|')})\\s*:?\\s*|\\*{2,}\\s?|x{3,}\\s?|•{2,}\\s?)(\\d{4})\\b`, 'iu');
// A number standing on its own: not part of a date, an amount, a time or a longer number.
const LOOSE_NUMBER = /(?<![\d.,:/\-+])(\d{3,10})(?![\d.,:/\-]|\s?(?:%|kr|€|\$|£))/gu;
const PHONE_PATTERN = /\+\d[\d \-]{6,17}\d/;
const EMAIL_PATTERN = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, januari: 1, januar: 1, janvier: 1, enero: 1, gennaio: 1,
  feb: 2, february: 2, februari: 2, februar: 2, fevrier: 2, febrero: 2, febbraio: 2,
  mar: 3, march: 3, mars: 3, marz: 3, maart: 3, marzo: 3,
  apr: 4, april: 4, avril: 4, abril: 4, aprile: 4,
  may: 5, maj: 5, mai: 5, mei: 5, mayo: 5, maggio: 5,
  jun: 6, june: 6, juni: 6, juin: 6, junio: 6, giugno: 6,
  jul: 7, july: 7, juli: 7, juillet: 7, julio: 7, luglio: 7,
  aug: 8, august: 8, augusti: 8, augustus: 8, aout: 8, agosto: 8,
  sep: 9, sept: 9, september: 9, septembre: 9, septiembre: 9, settembre: 9,
  oct: 10, october: 10, oktober: 10, octobre: 10, octubre: 10, ottobre: 10, okt: 10,
  nov: 11, november: 11, novembre: 11, noviembre: 11,
  dec: 12, december: 12, dezember: 12, decembre: 12, diciembre: 12, dicembre: 12, des: 12, desember: 12,
};
const MONTH_NAMES = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');
const DAY_MONTH = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th|\\.)?\\s+(?:of\\s+)?(${MONTH_NAMES})\\b\\.?(?:\\s+(\\d{4}))?`, 'i');
const MONTH_DAY = new RegExp(`\\b(${MONTH_NAMES})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4}))?`, 'i');
const ISO_DATE = /\b(\d{4})-(\d{2})-(\d{2})\b/;
const NUMERIC_DATE = /\b(\d{1,2})[./](\d{1,2})(?:[./](\d{2,4}))?\b/;

function parseNumber(raw: string): number {
  const compact = raw.replace(/[\s\u00a0]/g, '');
  const decimal = /[.,](\d{1,2})$/.exec(compact);
  const integerPart = decimal ? compact.slice(0, -decimal[0].length) : compact;
  const value = Number(integerPart.replace(/[.,]/g, '') + (decimal ? `.${decimal[1]}` : ''));
  return value;
}

function currencyOf(token: string, market: string, fallback: string): string {
  const lower = token.toLowerCase().replace(/\.$/, '');
  if (CURRENCY_SYMBOLS[lower]) return CURRENCY_SYMBOLS[lower];
  if (lower === 'kr' || lower === ':-') return KRONA_BY_MARKET[market] ?? fallback;
  if (lower.startsWith('euro')) return 'EUR';
  if (lower.startsWith('dollar')) return 'USD';
  if (lower.startsWith('pound')) return 'GBP';
  return lower.toUpperCase();
}

function isoDate(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

function fullYear(raw: string | undefined, today: Date): number {
  if (!raw) return today.getUTCFullYear();
  const year = Number(raw);
  return year < 100 ? 2000 + year : year;
}

function extractDate(text: string, market: string, today: Date): string | undefined {
  const iso = ISO_DATE.exec(text);
  if (iso) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dayMonth = DAY_MONTH.exec(text);
  if (dayMonth) return isoDate(fullYear(dayMonth[3], today), MONTHS[dayMonth[2]!.toLowerCase()]!, Number(dayMonth[1]));
  const monthDay = MONTH_DAY.exec(text);
  if (monthDay) return isoDate(fullYear(monthDay[3], today), MONTHS[monthDay[1]!.toLowerCase()]!, Number(monthDay[2]));
  const numeric = NUMERIC_DATE.exec(text);
  if (numeric) {
    const [first, second] = [Number(numeric[1]), Number(numeric[2])];
    const [month, day] = market === 'US' ? [first, second] : [second, first];
    return isoDate(fullYear(numeric[3], today), month, day);
  }
  return undefined;
}

/**
 * Extracts the slots of one message. `market` decides what "kr" means and
 * whether 03/04 is March 4th (US) or 3 April; `currency` is the customer's own,
 * used when an amount has none.
 */
export function extractSlots(text: string, context: { market: string; currency?: string; today?: Date } = { market: '' }): Slots {
  const slots: Slots = {};
  const today = context.today ?? new Date();
  let rest = text;
  const card = CARD_PATTERN.exec(rest);
  if (card) {
    slots.cardLast4 = card[1];
    rest = rest.replace(card[0], ' ');
  }
  const email = EMAIL_PATTERN.exec(rest);
  if (email) {
    slots.email = email[0].toLowerCase();
    rest = rest.replace(email[0], ' ');
  }
  const phone = PHONE_PATTERN.exec(rest);
  if (phone) {
    slots.phone = phone[0].replace(/[ -]/g, '');
    rest = rest.replace(phone[0], ' ');
  }
  const order = ORDER_PATTERN.exec(rest) ?? BARE_ORDER.exec(rest);
  if (order) {
    slots.orderId = order[1] ?? order[2];
    rest = rest.replace(order[0], ' ');
  }
  const amount = AMOUNT_PATTERN.exec(rest);
  if (amount) {
    const symbol = amount[1] ?? amount[4] ?? '';
    const value = parseNumber(amount[2] ?? amount[3] ?? '');
    if (Number.isFinite(value)) slots.amount = { amount: value, currency: currencyOf(symbol, context.market, context.currency ?? 'EUR') };
    rest = rest.replace(amount[0], ' ');
  }
  const date = extractDate(rest, context.market, today);
  if (date) slots.date = date;
  const numbers = [...rest.matchAll(LOOSE_NUMBER)].map((match) => match[1]!);
  if (numbers.length) slots.numbers = [...new Set(numbers)];
  return slots;
}
