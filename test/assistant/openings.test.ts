/**
 * A message that opens with a greeting or thanks and then asks something is
 * about what it asks; "thanks, that's all" is still thanks.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ASTRID, EMMA, OLIVER, createHarness, type Harness } from './harness.ts';

let h: Harness;
afterEach(() => h.close());


describe('a greeting before the question', () => {
  it('answers the question after "dzień dobry," and the thanks after it', async () => {
    h = createHarness();
    const asked = await h.say(OLIVER, 'dzień dobry, mam zaległą płatność?', { language: 'pl', market: 'GB' });
    expect(asked.meta).toMatchObject({ intent: 'payment_schedule', tools: ['get_payment_schedule'] });
    expect(h.text(asked)).toContain('zamówienie 4001 miała termin');
    const done = await h.say(OLIVER, 'dziękuję, to wszystko', { language: 'pl', market: 'GB' });
    expect(done.meta).toMatchObject({ intent: 'thanks' });
  });

  it('"moi! mun pitäis maksaa lasku mut en pysty ennen palkkapäivää" offers more time, where the greeting left the whole message unclear', async () => {
    h = createHarness();
    const asked = await h.say(ASTRID, 'moi! mun pitäis maksaa lasku mut en pysty ennen palkkapäivää', { language: 'fi' });
    expect(asked.meta).toMatchObject({ intent: 'extend_due_date' });
    expect(h.text(asked)).toContain('Siirränkö tilauksen 1044');
  });

  it('"hej! var är min jacka?" says where the jacket is; "hej hej" is a greeting', async () => {
    h = createHarness();
    const asked = await h.say(ASTRID, 'hej! var är min jacka?', { language: 'sv' });
    expect(h.text(asked)).toContain('Order 1043 (Down jacket)');
    expect((await h.say(ASTRID, 'hej hej', { language: 'sv' })).meta).toMatchObject({ intent: 'greeting' });
  });

  it('"witam, kiedy dostanę moje buty?" says where the shoes are: naming goods without a word of money is no refund question', async () => {
    h = createHarness();
    const shoes = await h.say(EMMA, 'witam, kiedy dostanę moje buty?', { language: 'pl' });
    expect(shoes.meta).toMatchObject({ route: 'orders' });
    expect(h.text(shoes)).toMatch(/^Zamówienie 3001 \(Canvas sneakers\)/);
    expect((await h.say(EMMA, 'kiedy dostanę zwrot pieniędzy za buty?', { language: 'pl' })).meta).toMatchObject({ intent: 'refund_status' });
  });

  it('a greeting followed by nothing yet ("hej, jag har en fråga") or by small talk stays a greeting', async () => {
    h = createHarness();
    expect((await h.say(ASTRID, 'Hejsan, jag har en fråga', { language: 'sv' })).meta).toMatchObject({ intent: 'greeting' });
    expect((await h.say(ASTRID, 'Buonasera a tutti, come state?', { language: 'it' })).meta).toMatchObject({ intent: 'greeting' });
  });
});

describe('a question about the assistant itself', () => {
  it('"what can you help me with?" says what it does, with buttons, in the customer\'s language; no tool runs', async () => {
    h = createHarness();
    const english = await h.say(ASTRID, 'What can you help me with?', { language: 'en' });
    expect(english.meta).toMatchObject({ intent: 'capabilities', tools: [] });
    expect(h.text(english)).toMatch(/^I can help with payments.*where a parcel is/s);
    expect(h.text(english)).not.toMatch(/outside what I can help with/);
    expect(english.replies[0]!.choices?.map((choice) => choice.value)).toEqual(['intent:payment_schedule', 'intent:order_status', 'intent:report_return', 'intent:human_agent']);

    expect(h.text(await h.say(ASTRID, 'hej, vad kan du hjälpa till med?', { language: 'sv' }))).toMatch(/^Jag kan hjälpa till med betalningar/);
    expect(h.text(await h.say(ASTRID, 'Was kannst du eigentlich?', { language: 'de' }))).toMatch(/^Ich helfe dir bei Zahlungen/);
  });

  it('"how can you help me with my refund" is about the refund', async () => {
    h = createHarness();
    const refund = await h.say(ASTRID, 'how can you help me with my refund', { language: 'en' });
    expect(refund.meta?.intent).not.toBe('capabilities');
  });
});

describe('two requests in one message', () => {
  it('answers the first and names the second with its button; nothing is done for the second unasked', async () => {
    h = createHarness();
    const both = await h.say(ASTRID, 'jag vill returnera jackan och när kommer min nästa faktura', { language: 'sv' });
    expect(h.text(both)).toContain('1043');
    expect(h.text(both)).toContain('Du frågade också om ”Min nästa betalning”');
    expect(both.replies[0]!.choices?.map((choice) => choice.value)).toContain('intent:payment_schedule');
    expect(both.meta.tools).not.toContain('get_payment_schedule');
    const next = await h.say(ASTRID, 'Min nästa betalning', { language: 'sv', action: 'intent:payment_schedule' });
    expect(next.meta).toMatchObject({ intent: 'payment_schedule' });
  });

  it('"jag har två frågor: var är min jacka och..." names the jacket\'s parcel under the payment answer, though the model is unsure of that clause', async () => {
    h = createHarness();
    const both = await h.say(ASTRID, 'hej! jag har två frågor: var är min jacka och när ska jag betala nästa gång?', { language: 'sv' });
    expect(h.text(both)).toMatch(/^Din nästa betalning är 799,00\skr för order 1044/);
    expect(both.replies[0]!.choices?.map((choice) => choice.value)).toContain('intent:delivery_tracking');
    const oliver = await h.say(OLIVER, 'when is my next payment and where are my headphones', { language: 'en', market: 'GB' });
    expect(oliver.replies[0]!.choices?.map((choice) => choice.value) ?? []).not.toContain('intent:delivery_tracking');
  });

  it('one request said twice, or with a thanks, is one request', async () => {
    h = createHarness();
    const one = await h.say(ASTRID, 'where is my parcel and when will it arrive', { language: 'en' });
    expect(h.text(one)).not.toMatch(/You also asked/);
    expect(h.text(await h.say(ASTRID, 'when is my next payment due and thanks a lot', { language: 'en' }))).not.toMatch(/You also asked/);
  });
});

describe('"I have a question about..."', () => {
  it('"ik heb een vraag over mijn sneakers" tells the sneakers\' order, never a person at once nor "outside what I can help with"', async () => {
    h = createHarness();
    const sneakers = await h.say(EMMA, 'hoi ik heb een vraag over mijn sneakers', { language: 'nl' });
    expect(sneakers.meta).toMatchObject({ route: 'orders', escalated: false });
    expect(h.text(sneakers)).toContain('Bestelling 3001 (Canvas sneakers)');
    const watch = await h.say(OLIVER, 'I have a question about my smart watch', { language: 'en', market: 'GB' });
    expect(h.text(watch)).toContain('Order 4001 (Smart watch)');
  });

  it('"a question about my account" asks what they would like to know, with the account matters as buttons; no charge is looked up', async () => {
    h = createHarness();
    const account = await h.say(OLIVER, 'I have a question about my account', { language: 'en', market: 'GB' });
    expect(account.meta).toMatchObject({ intent: 'account_problem', tools: [] });
    expect(h.text(account)).toBe('Of course. What would you like to know about your account?');
    const konto = await h.say(ASTRID, 'hej jag har en fråga om mitt konto', { language: 'sv' });
    expect(h.text(konto)).toBe('Självklart. Vad vill du veta om ditt konto?');
    expect(konto.replies[0]!.choices?.map((choice) => choice.value)).toContain('intent:login_help');
  });
});
