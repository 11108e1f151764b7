import { describe, expect, it } from 'vitest';
import { maskSensitive } from './pii.ts';

describe('maskSensitive', () => {
  it('masks a card number but keeps its last four digits', () => {
    expect(maskSensitive('my card 4242 4242 4242 4242 was stolen')).toBe('my card **** **** **** 4242 was stolen');
    expect(maskSensitive('4111-1111-1111-1111')).toBe('**** **** **** 1111');
  });

  it('masks IBANs and security codes', () => {
    expect(maskSensitive('refund to DE89 3704 0044 0532 0130 00 please')).toBe('refund to DE** **** 3000 please');
    expect(maskSensitive('SE4550000000058398257466')).toBe('SE** **** 7466');
    expect(maskSensitive('cvv 123')).toBe('cvv ***');
  });

  it('leaves phone numbers, order numbers and amounts alone', () => {
    const text = 'call +46701234567 about order 1042, I paid 1 299 kr';
    expect(maskSensitive(text)).toBe(text);
    expect(maskSensitive('1234567890123')).toBe('1234567890123');
  });
});
