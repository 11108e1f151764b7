/**
 * Masks card numbers, IBANs and card security codes in free text, before the
 * text reaches state, logs, traces or a model. The last four digits of a card
 * survive ("**** **** **** 4242") so a person can still say which card they mean.
 */

// 13 to 19 digits, optionally grouped by spaces or dashes; not part of a longer number or a phone number.
const CARD_CANDIDATE = /(?<![\d+])(?:\d[ -]?){12,18}\d(?!\d)/g;
// Two capitals, two check digits, then 11 to 30 alphanumerics, compact or in groups of four.
const IBAN_CANDIDATE = /\b[A-Z]{2}\d{2}(?:(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?|[A-Z0-9]{11,30})\b/g;
const SECURITY_CODE = /\b(cvv2?|cvc2?|csc|security code)(\s*(?:is|:|=)?\s*)\d{3,4}\b/gi;

/** Luhn checksum: the difference between a card number and a random run of digits. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let digit = digits.charCodeAt(i) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

function ibanChecksumValid(compact: string): boolean {
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged.toUpperCase()) {
    const value = char >= 'A' && char <= 'Z' ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

/** Returns the text with card numbers, IBANs and security codes masked. */
export function maskSensitive(text: string): string {
  return text
    .replace(CARD_CANDIDATE, (match) => {
      const digits = match.replace(/\D/g, '');
      if (digits.length < 13 || !passesLuhn(digits)) return match;
      return `**** **** **** ${digits.slice(-4)}`;
    })
    .replace(IBAN_CANDIDATE, (match) => {
      const compact = match.replace(/ /g, '');
      if (!/^[A-Z]{2}\d{2}/i.test(compact) || !ibanChecksumValid(compact)) return match;
      return `${compact.slice(0, 2).toUpperCase()}** **** ${compact.slice(-4)}`;
    })
    .replace(SECURITY_CODE, (_match, label: string, separator: string) => `${label}${separator}***`);
}

// A number written as a phone number: international (+46 70 123 45 67, 0046…) or a national
// number of 9+ digits starting with 0 (070-123 45 67). Order numbers, amounts and dates are shorter or shaped otherwise.
const PHONE_CANDIDATE = /(?<![\w+])(?:\+|00)[1-9](?:[ ().-]?\d){6,14}(?!\d)|(?<![\w+])0(?:[ ().-]?\d){8,12}(?!\d)/g;
const EMAIL_CANDIDATE = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;

/** Returns the text with phone numbers and e-mail addresses replaced by `[phone]` and `[email]`. */
export function maskContacts(text: string): string {
  return text.replace(EMAIL_CANDIDATE, '[email]').replace(PHONE_CANDIDATE, '[phone]');
}

/** What a trace may show of a text: card numbers, IBANs and security codes masked, phone numbers and e-mail addresses replaced. */
export function maskForTrace(text: string): string {
  return maskContacts(maskSensitive(text));
}

/** {@link maskForTrace} applied to every string inside a value (a run's inputs, outputs or metadata). */
export function maskTraceValues<T>(value: T): T {
  if (typeof value === 'string') return maskForTrace(value) as T;
  if (Array.isArray(value)) return value.map((item) => maskTraceValues(item)) as T;
  // A class instance is sent as what it serializes to (a graph node's Command carries the node's update).
  const serialize = value instanceof Date ? undefined : (value as { toJSON?: unknown } | null | undefined)?.toJSON;
  if (typeof serialize === 'function') return maskTraceValues(serialize.call(value) as unknown) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskTraceValues(item)])) as T;
  }
  return value;
}
