/**
 * A customer still waiting for an order says so without naming it ("schon seit 2 Wochen nix passiert"), or says
 * a delivered order never came: the order just discussed, and for a delivery on record, a dispute offered.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ASTRID, EMMA, LUKAS, NORA, OLIVER, createHarness, type Harness } from './harness.ts';

let h: Harness;
afterEach(() => h.close());

describe('still waiting for the order just discussed', () => {
  it('"schon seit 2 wochen nix passiert" after an order answer is about that order, not out of scope or a menu', async () => {
    h = createHarness();
    await h.say(LUKAS, 'wo ist meine bestellung 2001', { language: 'de' });
    const waiting = await h.say(LUKAS, 'schon seit 2 wochen nix passiert', { language: 'de' });
    expect(waiting.meta).toMatchObject({ route: 'orders' });
    expect(h.text(waiting)).toContain('Bestellung 2001 (Leather sneakers)');
  });

  it('"den har vært borte i to uker nå" and "het duurt al twee weken" continue the parcel, never an unrecognised charge', async () => {
    h = createHarness();
    await h.say(NORA, 'hvor er sekken min?', { language: 'nb' });
    const nora = await h.say(NORA, 'den har vært borte i to uker nå', { language: 'nb' });
    expect(nora.meta).toMatchObject({ intent: 'delivery_tracking' });
    expect(h.text(nora)).toContain('Ordre 5001 (Hiking backpack)');

    await h.say(EMMA, 'waar blijft mijn bestelling', { language: 'nl' });
    const emma = await h.say(EMMA, 'het duurt al twee weken', { language: 'nl' });
    expect(h.text(emma)).toContain('Bestelling 3001 (Canvas sneakers)');
  });

  it('a message that asks something else keeps its own reading ("kann ich die Zahlung zwei Wochen verschieben?")', async () => {
    h = createHarness();
    await h.say(LUKAS, 'wo ist meine bestellung 2001', { language: 'de' });
    const moved = await h.say(LUKAS, 'kann ich die nächste Zahlung um zwei Wochen verschieben?', { language: 'de' });
    expect(moved.meta).toMatchObject({ intent: 'extend_due_date' });
  });
});

describe('delivered on record, never received', () => {
  it('"det står levererad men jag har inte fått dem" gives the delivery date and offers a dispute, opened only on a yes', async () => {
    h = createHarness();
    await h.say(ASTRID, 'var är mina hörlurar', { language: 'sv' });
    const missing = await h.say(ASTRID, 'det står levererad men jag har inte fått dem', { language: 'sv' });
    expect(h.text(missing)).toContain('Order 1044 (Wireless headphones, Charging case) från London Tech Ltd levererades 4 november 2026');
    expect(h.text(missing)).toContain('Ska jag öppna ett ärende om bestridande');
    expect(missing.meta).toMatchObject({ tools: ['list_orders'] });
    const opened = await h.say(ASTRID, 'ja', { language: 'sv' });
    expect(opened.meta).toMatchObject({ intent: 'dispute_purchase', tools: ['open_dispute'] });
  });

  it('"mein paket ist nicht da", then "den fernseher" to "which order?", offers the dispute for the television', async () => {
    h = createHarness();
    const which = await h.say(LUKAS, 'hi, mein paket ist nicht da', { language: 'de' });
    expect(h.text(which)).toMatch(/^Um welche Bestellung geht es\?/);
    const tv = await h.say(LUKAS, 'den fernseher', { language: 'de' });
    expect(h.text(tv)).toMatch(/zugestellt\..*Soll ich eine Reklamation über 640,00\s€ für Bestellung 2002/s);
  });

  it('"I never received my smart watch" offers a dispute; "I still haven\'t received my refund" is about the money', async () => {
    h = createHarness();
    const watch = await h.say(OLIVER, 'I never received my smart watch', { language: 'en', market: 'GB' });
    expect(h.text(watch)).toMatch(/delivered on 31 October 2026.*Shall I open a dispute for £320\.00 on order 4001/s);
    const refund = await h.say(OLIVER, "I still haven't received my refund for the watch", { language: 'en', market: 'GB' });
    expect(h.text(refund)).toContain('no return or refund on order 4001');
    expect(h.text(refund)).not.toContain('dispute');
  });
});

describe('a greeting, then an item of their own', () => {
  it('"hallo, wo bleibt mein fernseher??" answers about the television; "hallo, ich habe eine frage" stays a greeting', async () => {
    h = createHarness();
    const tv = await h.say(LUKAS, 'hallo, wo bleibt mein fernseher??', { language: 'de' });
    expect(h.text(tv)).toContain('Bestellung 2002 (55" television)');
    // The greeting rule, the item rule and the specialist look at one reading of the orders.
    expect(tv.meta).toMatchObject({ tools: ['list_orders'] });
    expect((await h.say(LUKAS, 'hallo, ich habe eine frage', { language: 'de' })).meta).toMatchObject({ intent: 'greeting' });
  });
});

describe('cancelling, said without the word for order', () => {
  it('"kann ich den stornieren" and "kan ik het annuleren" say an order cannot be cancelled here, and what can be done', async () => {
    h = createHarness();
    await h.say(LUKAS, 'wo ist mein fernseher', { language: 'de' });
    const cancel = await h.say(LUKAS, 'kann ich den stornieren', { language: 'de' });
    expect(cancel.meta).toMatchObject({ intent: 'cancel_order', tools: [] });
    expect(h.text(cancel)).toMatch(/^Ich kann eine Bestellung nicht selbst stornieren/);
    expect((await h.say(EMMA, 'kan ik het annuleren?', { language: 'nl' })).meta).toMatchObject({ intent: 'cancel_order' });
  });
});
