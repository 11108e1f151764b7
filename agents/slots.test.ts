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

  it('reads the last digits of a card in all eleven languages', () => {
    const phrasings = [
      'freeze the card that ends with 1234',
      'spärra kortet som slutar på 1234',
      'bitte die Karte mit der Endung 1234 sperren',
      'blokkeer de kaart die eindigt op 1234',
      'bloquez ma carte qui se termine par 1234',
      'congela la tarjeta que termina en 1234',
      'blocca la carta che finisce con 1234',
      'zablokuj kartę kończącą się na 1234',
      'sperr kortet som slutter på 1234',
      'jäädyttäkää kortti, jonka numero päättyy 1234',
      'spær kortet, der ender på 1234',
    ];
    for (const text of phrasings) expect(extractSlots(text, { market: 'SE' }), text).toMatchObject({ cardLast4: '1234' });
  });

  it('keeps numbers named without the word "order" apart, and reads inflected Finnish order words', () => {
    expect(extractSlots('any news on my money back for 4001?', { market: 'GB' })).toEqual({ numbers: ['4001'] });
    expect(extractSlots('Kauppa ei vastaa tilauksesta 1043', { market: 'SE' }).orderId).toBe('1043');
    expect(extractSlots('I paid 1044 kr on 12.05.2026', { market: 'SE' }).numbers).toBeUndefined();
  });
});
