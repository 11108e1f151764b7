import { describe, expect, it } from 'vitest';
import { Command } from '@langchain/langgraph';
import { maskContacts, maskForTrace, maskSensitive, maskTraceValues } from './pii.ts';

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

describe('maskContacts', () => {
  it('replaces international and national phone numbers and e-mail addresses', () => {
    expect(maskContacts('call +46701234567 or +44 7700 900123')).toBe('call [phone] or [phone]');
    expect(maskContacts('ring mig på 070-123 45 67')).toBe('ring mig på [phone]');
    expect(maskContacts('write to Astrid.L+x@mail.example.co.uk')).toBe('write to [email]');
  });

  it('leaves order numbers, amounts, dates and tracking codes alone', () => {
    const text = 'order 1042 placed 2026-11-28, 1 299 kr, tracking 1Z999AA10123456784';
    expect(maskContacts(text)).toBe(text);
  });

  it('masks cards, IBANs, phones and e-mails inside any value sent to a trace', () => {
    expect(maskForTrace('card 4242 4242 4242 4242, phone +46701234567')).toBe('card **** **** **** 4242, phone [phone]');
    expect(maskTraceValues({ messages: [{ content: 'mail me: a.b@example.se' }], n: 3 })).toEqual({ messages: [{ content: 'mail me: [email]' }], n: 3 });
  });

  it('masks what a graph node returns as a Command: the update it carries', () => {
    const output = new Command({ update: { messages: [{ role: 'user', text: 'call me on +46 70 987 65 43' }] }, goto: 'handoff' });
    expect(maskTraceValues(output)).toMatchObject({ update: { messages: [{ role: 'user', text: 'call me on [phone]' }] }, goto: ['handoff'] });
  });
});
