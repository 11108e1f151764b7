import { describe, expect, it } from 'vitest';
import { extractSlots } from './slots.ts';

const today = new Date('2026-11-25T12:00:00Z');

describe('extractSlots', () => {
  it('finds order numbers however they are written', () => {
    expect(extractSlots('where is my refund for order 1042?', { market: 'SE' }).orderId).toBe('1042');
    expect(extractSlots('status of #1043 please', { market: 'SE' }).orderId).toBe('1043');
    expect(extractSlots('hvor er ordre 1042', { market: 'NO' }).orderId).toBe('1042');
    expect(extractSlots('Bestellnummer: 2001', { market: 'DE' }).orderId).toBe('2001');
    expect(extractSlots('1044', { market: 'SE' }).orderId).toBe('1044');
    expect(extractSlots('I paid 1044 kr yesterday', { market: 'SE' }).orderId).toBeUndefined();
  });

  it('reads amounts with their currency', () => {
    expect(extractSlots('I was charged €640.00 twice', { market: 'DE' }).amount).toEqual({ amount: 640, currency: 'EUR' });
    expect(extractSlots('a charge of 1 299 kr', { market: 'SE' }).amount).toEqual({ amount: 1299, currency: 'SEK' });
    expect(extractSlots('it was 1.499,50 NOK', { market: 'NO' }).amount).toEqual({ amount: 1499.5, currency: 'NOK' });
    expect(extractSlots('$30', { market: 'US' }).amount).toEqual({ amount: 30, currency: 'USD' });
  });

  it('reads dates in several spellings', () => {
    expect(extractSlots('can I pay on 15 December?', { market: 'SE', today }).date).toBe('2026-12-15');
    expect(extractSlots('move it to Jan 3rd 2027', { market: 'GB', today }).date).toBe('2027-01-03');
    expect(extractSlots('until 03/04/2027', { market: 'US', today }).date).toBe('2027-03-04');
    expect(extractSlots('until 03/04/2027', { market: 'DE', today }).date).toBe('2027-04-03');
  });

  it('reads the last digits of a card, phone numbers and e-mails', () => {
    expect(extractSlots('block the card ending in 4242', { market: 'SE' }).cardLast4).toBe('4242');
    expect(extractSlots('**** **** **** 1881 was stolen', { market: 'DE' })).toMatchObject({ cardLast4: '1881' });
    expect(extractSlots('look up +46 70 123 45 67', { market: 'SE' }).phone).toBe('+46701234567');
    expect(extractSlots('customer astrid@example.se', { market: 'SE' }).email).toBe('astrid@example.se');
  });
});
