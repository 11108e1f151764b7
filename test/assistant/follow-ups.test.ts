/**
 * Follow-ups only the conversation explains ("and the other one?", a bare order number, "et la télé ?"),
 * and general questions the conversation never narrows, run on the real graph with the demo customers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ASTRID, LUKAS, MIA, createHarness, type Harness } from './harness.ts';

let h: Harness;
afterEach(() => h.close());

const dueDate = async (id: string, customer = 'c-astrid') => (await h.commerce.listInstalments(customer)).find((instalment) => instalment.id === id)!.dueDate;
const flat = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('follow-ups only the conversation explains', () => {
  it('a customer naming their own order by number is answered about it, and a pasted link is never a staff lookup', async () => {
    h = createHarness();
    expect(h.text(await h.say(ASTRID, 'where is order 1042?'))).toContain('Order 1042 (Trail running shoes)');
    // Named by number right after a refund answer, it is still where the order is, not its refund.
    expect(h.text(await h.say(ASTRID, 'where is my refund?'))).toContain('1042');
    expect(h.text(await h.say(ASTRID, 'where is order 1043?'))).toContain('PN104300001SE');
    const link = await h.say(MIA, 'https://example.com/very/long/url?with=params&and=more', { market: 'US' });
    expect(link.meta.intent).not.toBe('customer_lookup');
    expect(h.text(link)).not.toMatch(/Which customer/);
  });

  it('"e quanto manca in totale?" after a payment answer goes on with the payments, not a help article', async () => {
    h = createHarness();
    await h.say(MIA, 'ciao, quando devo pagare la prossima rata?', { language: 'it', market: 'US' });
    const total = await h.say(MIA, 'e quanto manca in totale?', { language: 'it', market: 'US' });
    expect(total.meta).toMatchObject({ intent: 'payment_schedule' });
    expect(flat(h.text(total))).toContain('124,50 USD');
  });

  it('"and the other one?" after an order asks about the other orders, never the one just answered', async () => {
    h = createHarness();
    await h.say(ASTRID, 'where is order 1043?');
    const other = await h.say(ASTRID, 'and the other one?');
    expect(other.meta).toMatchObject({ intent: 'order_status' });
    const offered = other.replies[0]!.choices?.map((choice) => choice.value) ?? [];
    expect(offered.length).toBeGreaterThan(0);
    expect(offered).not.toContain('order:1043');
    const only = await h.say(MIA, 'where is order 7001?');
    expect(h.text(only)).toContain('7001');
    expect(h.text(await h.say(MIA, 'and the other one?'))).toContain("That's the only order I can see on your account.");
  });

  it('"and the other one?" after a payment answer gives the other orders\' payments, or says there are none', async () => {
    h = createHarness();
    const first = await h.say(LUKAS, 'wann ist meine nächste Zahlung fällig?', { language: 'de' });
    expect(flat(h.text(first))).toContain('213,33 € für Bestellung 2002');
    const other = await h.say(LUKAS, 'und die andere?', { language: 'de' });
    expect(other.meta).toMatchObject({ intent: 'payment_schedule' });
    expect(flat(h.text(other))).toContain('189,90 € für Bestellung 2001');
    expect(h.text(other)).not.toContain('2002');
    await h.say(MIA, 'when is my next payment?');
    expect(h.text(await h.say(MIA, 'and the other one?'))).toBe('You have no payments left on any other order.');
  });

  it('a yes to "which payment?" asks again which one, with the same buttons, and moves nothing', async () => {
    h = createHarness();
    const before = await dueDate('i-2002-2', 'c-lukas');
    await h.say(LUKAS, 'posso rimandare il pagamento?', { language: 'it' });
    const again = await h.say(LUKAS, 'si grazie', { language: 'it' });
    expect(h.text(again)).toBe('Quale? Tocca uno degli ordini o scrivi il suo numero.');
    expect(again.replies[0]!.choices?.map((choice) => choice.value)).toEqual(['order:2002', 'order:2001']);
    const named = await h.say(LUKAS, '2002', { language: 'it' });
    expect(named.replies[0]!.choices?.map((choice) => choice.value)).toEqual(['intent:affirm', 'intent:deny']);
    expect(await dueDate('i-2002-2', 'c-lukas')).toBe(before);
  });

  it('"entä kuulokkeet?" after an answer about the jacket is about the headphones\' order', async () => {
    h = createHarness();
    expect(h.text(await h.say(ASTRID, 'missä mun takki on', { language: 'fi' }))).toContain('Tilaus 1043');
    const next = await h.say(ASTRID, 'entä kuulokkeet?', { language: 'fi' });
    expect(h.text(next)).toContain('Tilaus 1044 (Wireless headphones, Charging case)');
  });

  it('"entä takki?" after a payment answer is about the jacket\'s order, though the model reads it as a thanks', async () => {
    h = createHarness();
    await h.say(ASTRID, 'milloin mun seuraava lasku pitää maksaa', { language: 'fi' });
    const jacket = await h.say(ASTRID, 'entä takki?', { language: 'fi' });
    expect(h.text(jacket)).toContain('Tilaus 1043 (Down jacket)');
  });

  it('"et la télé ?" after an answer about the sneakers is about the television\'s order, though the model reads it as out of scope', async () => {
    h = createHarness();
    expect(h.text(await h.say(LUKAS, 'où sont mes baskets ?', { language: 'fr' }))).toContain('2001');
    const next = await h.say(LUKAS, 'et la télé ?', { language: 'fr' });
    expect(next.meta).toMatchObject({ route: 'orders' });
    expect(h.text(next)).toContain('La commande 2002 (55" television)');
    const weather = await h.say(LUKAS, 'et la météo ?', { language: 'fr' });
    expect(weather.meta.route).not.toBe('orders');
  });

  it('"quando arrivano i soldi?" right after the return of 2001 is registered is about 2001\'s refund, not "which order?"', async () => {
    h = createHarness();
    await h.say(LUKAS, 'vorrei restituire le scarpe', { language: 'it' });
    await h.say(LUKAS, 'sì', { language: 'it' });
    const money = await h.say(LUKAS, 'quando arrivano i soldi?', { language: 'it' });
    expect(money.meta).toMatchObject({ intent: 'refund_status' });
    expect(h.text(money)).toBe("Il reso dell'ordine 2001 è registrato. Il rimborso partirà appena Berlin Sneakers GmbH avrà ricevuto il pacco.");
  });

  it('"und wann kommt das Geld?" is about the refund, never the parcel', async () => {
    h = createHarness();
    await h.say(LUKAS, 'wo ist meine Bestellung 2001?', { language: 'de' });
    const money = await h.say(LUKAS, 'und wann kommt das Geld?', { language: 'de' });
    expect(money.meta).toMatchObject({ intent: 'refund_status' });
    expect(h.text(money)).not.toContain('wurde am 20. November 2026 zugestellt');
  });

  it('"how much is it" / "wie viel ist es" after a payment answer gives the amounts, never "outside what I can help with"', async () => {
    h = createHarness();
    await h.say(ASTRID, 'can I move my next payment?');
    const amounts = await h.say(ASTRID, 'how much is it');
    expect(amounts.meta).toMatchObject({ intent: 'payment_schedule' });
    expect(h.text(amounts)).toMatch(/799,00\skr for order 1044/);
    await h.say(LUKAS, 'wann muss ich zahlen?', { language: 'de' });
    expect((await h.say(LUKAS, 'wie viel ist es', { language: 'de' })).meta).toMatchObject({ intent: 'payment_schedule' });
  });

  it('"cuanto tiempo mas?" after an answer about a parcel is about that parcel', async () => {
    h = createHarness();
    await h.say(MIA, 'hola, mi teclado no ha llegado', { language: 'es', market: 'US' });
    const longer = await h.say(MIA, 'cuanto tiempo mas?', { language: 'es', market: 'US' });
    expect(h.text(longer)).toContain('El pedido 7001 (Mechanical keyboard)');
  });

  it('a bare order number after an answer about an order is about that order', async () => {
    h = createHarness();
    await h.say(ASTRID, 'where is order 1043?');
    const next = await h.say(ASTRID, '1042');
    expect(next.meta).toMatchObject({ intent: 'order_status', tools: ['get_order'] });
    expect(h.text(next)).toContain('1042');
  });
});

describe('context never narrows a general question', () => {
  it('after "where is order 1043?", "can I pay later?" is about the payment that is due, not the order just discussed', async () => {
    h = createHarness();
    await h.say(ASTRID, 'where is order 1043?');
    const later = await h.say(ASTRID, 'can I pay later?');
    expect(flat(h.text(later))).toContain('799,00 kr for order 1044');
    expect(h.text(later)).not.toContain('nothing left to pay');
  });

  it('"when is my next payment due?" names 2002\'s 213,33 € first, after talk of 2001, and lists 2001 too', async () => {
    h = createHarness();
    await h.say(LUKAS, 'wo ist Bestellung 2001?', { language: 'de' });
    const next = flat(h.text(await h.say(LUKAS, 'when is my next payment due?')));
    expect(next).toMatch(/^Your next payment is €213.33 for order 2002/);
    expect(next).toContain('€189.90 for order 2001');
  });

  it('a follow-up that points at the order keeps it', async () => {
    h = createHarness();
    await h.say(ASTRID, "what's the status of order 1043?");
    const followUp = await h.say(ASTRID, 'and when will it arrive?');
    expect(h.text(followUp)).toContain('Order 1043');
  });
});
