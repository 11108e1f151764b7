/**
 * The conversations of issue #14, run on the real graph with the demo
 * customers: no action without a yes that names order, item and amount; the
 * order from a number, an item or the only fit; general questions over all
 * orders; the new flows; the reply in the language of the message.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Intent } from '../../agents/intents.ts';
import type { IntentPrediction, IntentRouter } from '../../agents/models/types.ts';
import type { TurnCustomer } from '../../src/gateway/assistant.ts';
import { ASTRID, EMMA, LUKAS, MIA, createHarness, type Harness } from './harness.ts';

let h: Harness;
afterEach(() => h.close());

const WEB_ASTRID: TurnCustomer = { id: 'web-astrid', role: 'customer', channel: 'web', address: 'web-astrid' };

/** A router that answers each text with a fixed guess. */
function scriptedRouter(guesses: Record<string, [Intent, number]>): IntentRouter {
  return {
    predict(text): IntentPrediction {
      const [intent, confidence] = guesses[text] ?? ['out_of_scope', 0.99];
      return { intent, confidence, alternatives: [] };
    },
  };
}

const dueDate = async (id: string, customer = 'c-astrid') => (await h.commerce.listInstalments(customer)).find((instalment) => instalment.id === id)!.dueDate;
const disputes = async (...orders: string[]) => (await Promise.all(orders.map((order) => h.commerce.listDisputes(order)))).flat();
const flat = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('no action on a guess', () => {
  it('"the jacket", asked which order to dispute, is order 1043; the dispute names it and opens only on yes', async () => {
    h = createHarness();
    const asked = await h.say(ASTRID, 'I want to dispute a purchase');
    expect(asked.replies[0]!.choices?.map((choice) => choice.value)).toEqual(['order:1043', 'order:1044']);
    const named = await h.say(ASTRID, 'the jacket');
    expect(flat(h.text(named))).toContain('Shall I open a dispute for 849,00 kr on order 1043 (Down jacket) from Nordic Outdoor AB?');
    expect(await disputes('1043', '1044')).toHaveLength(0);
    const done = await h.say(ASTRID, 'yes');
    expect(done.meta).toMatchObject({ intent: 'dispute_purchase', tools: ['open_dispute'] });
    expect((await disputes('1043')).map((dispute) => dispute.amount.amount)).toEqual([849]);
    expect(await disputes('1044')).toHaveLength(0);
  });

  it('"kann ich die Zahlung verschieben?" asks which payment, then names it; the date moves only after "ja"', async () => {
    h = createHarness();
    const before = await dueDate('i-2002-2', 'c-lukas');
    const asked = await h.say(LUKAS, 'kann ich die Zahlung verschieben?', { language: 'de' });
    expect(h.text(asked)).toMatch(/#2002[\s\S]*#2001/);
    expect(h.text(asked)).not.toContain('Erledigt');
    const named = await h.say(LUKAS, '2002', { language: 'de' });
    expect(flat(h.text(named))).toContain('213,33 € für Bestellung 2002');
    expect(named.replies[0]!.choices?.map((choice) => choice.value)).toEqual(['intent:affirm', 'intent:deny']);
    expect(await dueDate('i-2002-2', 'c-lukas')).toBe(before);
    const done = await h.say(LUKAS, 'ja bitte', { language: 'de' });
    expect(h.text(done)).toContain('Erledigt');
    expect((Date.parse(await dueDate('i-2002-2', 'c-lukas')) - Date.parse(before)) / 86_400_000).toBe(14);
  });

  it('anything but a yes cancels and says so; a new question after it is still answered', async () => {
    h = createHarness();
    const before = await dueDate('i-1044-2');
    await h.say(ASTRID, 'can I get more time to pay?');
    const other = await h.say(ASTRID, 'where is order 1043?');
    expect(h.text(other)).toContain("I haven't changed anything");
    expect(h.text(other)).toContain('PN104300001SE');
    expect(await dueDate('i-1044-2')).toBe(before);
    await h.say(ASTRID, 'can I get more time to pay?');
    const no = await h.say(ASTRID, 'nope');
    expect(h.text(no)).toContain("I haven't changed anything");
    expect(await dueDate('i-1044-2')).toBe(before);
  });

  it('a lost card is frozen at once; a card freeze without a reason waits for a yes, naming the card', async () => {
    h = createHarness();
    const asked = await h.say(ASTRID, 'please freeze my card 4242');
    expect(h.text(asked)).toContain('Shall I freeze your card ending in 4242?');
    expect((await h.commerce.listCards('c-astrid'))[0]!.status).toBe('active');
    await h.say(ASTRID, 'Yes', { action: 'intent:affirm' });
    expect((await h.commerce.listCards('c-astrid'))[0]!.status).toBe('frozen');

    h.close();
    h = createHarness();
    const lost = await h.say(LUKAS, 'Ich habe meine Karte verloren, bitte sperren', { language: 'de' });
    expect(lost.meta.tools).toContain('freeze_card');
    expect((await h.commerce.listCards('c-lukas'))[0]!.status).toBe('frozen');
  });

  it('a card the router only guesses is stolen, with no word of theft or loss, is frozen only on a yes, and nobody is called', async () => {
    h = createHarness({ intentRouter: scriptedRouter({ 'something is up with my card': ['stolen_card', 0.7] }) });
    const asked = await h.say(ASTRID, 'something is up with my card');
    expect(asked.meta).toMatchObject({ escalated: false });
    expect(asked.replies[0]!.choices?.map((choice) => choice.value)).toEqual(['intent:affirm', 'intent:deny']);
    expect((await h.commerce.listCards('c-astrid'))[0]!.status).toBe('active');
    await h.say(ASTRID, 'no');
    expect((await h.commerce.listCards('c-astrid'))[0]!.status).toBe('active');
  });

  describe('a declined card is looked into, never frozen', () => {
    const cardOf = async (customer: string) => (await h.commerce.listCards(customer))[0]!.status;

    it('says nothing on our side blocks it, in the message\'s language, and offers a person; the card stays active', async () => {
      h = createHarness({ intentRouter: scriptedRouter({ 'meine Karte wurde abgelehnt': ['stolen_card', 0.95] }) });
      const result = await h.say(LUKAS, 'meine Karte wurde abgelehnt', { language: 'de' });
      expect(result.meta).toMatchObject({ intent: 'declined_payment', escalated: false, tools: ['list_cards', 'get_payment_schedule'] });
      expect(h.text(result)).toContain('Deine Karte mit der Endung 1881 ist aktiv und nichts ist überfällig');
      expect(result.replies[0]!.choices?.map((choice) => choice.value)).toEqual(['intent:human_agent']);
      expect(await cardOf('c-lukas')).toBe('active');
    });

    it('names a frozen card as the reason, and an overdue payment with the offer to pay it', async () => {
      h = createHarness();
      await h.commerce.freezeCards('c-astrid', '4242', { idempotencyKey: 'test:freeze' });
      const frozen = await h.say(ASTRID, 'kortet funkar inte när jag ska betala', { language: 'sv' });
      expect(h.text(frozen)).toContain('Ditt kort som slutar på 4242 är fryst');

      const oliver: TurnCustomer = { id: 'cust-oliver', role: 'customer', channel: 'sms', address: '+447700900123' };
      const overdue = await h.say(oliver, 'my payment keeps failing at checkout', { market: 'GB' });
      expect(flat(h.text(overdue))).toMatch(/A payment of £106\.67 for order 4001 was due on .* and is still unpaid/);
      expect(overdue.replies[0]!.choices?.map((choice) => choice.value)).toEqual(['intent:pay_now', 'intent:human_agent']);
      expect(await cardOf('c-oliver')).toBe('active');
    });

    it('a declined card written with typos ("my crad was declned") is still looked into, however sure the model is of a theft', async () => {
      h = createHarness({ intentRouter: scriptedRouter({ 'my crad was declned': ['stolen_card', 0.97] }) });
      const result = await h.say(ASTRID, 'my crad was declned');
      expect(result.meta).toMatchObject({ intent: 'declined_payment', escalated: false });
      expect(await cardOf('c-astrid')).toBe('active');
    });

    it('a declined card that was stolen is still frozen at once', async () => {
      h = createHarness();
      const result = await h.say(LUKAS, 'meine Karte wurde gestohlen und jetzt abgelehnt', { language: 'de' });
      expect(result.meta).toMatchObject({ intent: 'stolen_card', escalated: true });
      expect(await cardOf('c-lukas')).toBe('frozen');
    });
  });

  it('a question about the rules changes nothing', async () => {
    h = createHarness();
    const result = await h.say(LUKAS, 'Combien de jours ai-je pour renvoyer un article acheté ?', { language: 'fr' });
    expect(result.meta).toMatchObject({ route: 'general', intent: 'policy_question' });
    expect(await h.commerce.listReturns('2001')).toHaveLength(0);
  });

  it('"can I return things bought on sale?" is answered from the returns article, with returning an order one button away', async () => {
    h = createHarness();
    const asked = await h.say(ASTRID, 'kan jag lämna tillbaka saker som var på rea?', { language: 'sv' });
    expect(asked.meta).toMatchObject({ intent: 'policy_question', tools: [] });
    expect(h.text(asked)).toContain('Reavaror');
    expect(asked.replies[0]!.choices?.map((choice) => choice.value)).toEqual(['intent:report_return']);
    expect(await h.commerce.listReturns('1044')).toHaveLength(0);
    const pressed = await h.say(ASTRID, 'Returnera en order', { action: 'intent:report_return', language: 'sv' });
    expect(pressed.meta).toMatchObject({ intent: 'report_return' });
    expect(pressed.replies[0]!.choices?.map((choice) => choice.value)).toEqual(['intent:affirm', 'intent:deny']);
    expect(await h.commerce.listReturns('1044')).toHaveLength(0);
  });

  it('a yes typed under the offered action starts it, and it still asks before it acts', async () => {
    h = createHarness();
    await h.say(ASTRID, 'kan jag lämna tillbaka saker som var på rea?', { language: 'sv' });
    const started = await h.say(ASTRID, 'ja gör det', { language: 'sv' });
    expect(started.meta).toMatchObject({ intent: 'report_return' });
    expect(h.text(started)).toContain('Ska jag registrera en retur av order 1044');
    expect(await h.commerce.listReturns('1044')).toHaveLength(0);
  });

  it("a customer's only order is the one meant, even when it cannot be returned yet: the answer says why", async () => {
    h = createHarness();
    const reply = await h.say(EMMA, 'ik wil iets retourneren', { language: 'nl' });
    expect(h.text(reply)).toContain('3001');
    expect(reply.replies[0]!.choices ?? []).toHaveLength(0);
    expect(await h.commerce.listReturns('3001')).toHaveLength(0);
  });

  it('a yes that names another order is not a yes to this one', async () => {
    h = createHarness({ intentRouter: scriptedRouter({ 'dispute order 1044': ['dispute_purchase', 0.99] }) });
    await h.say(ASTRID, 'dispute order 1044');
    const reply = await h.say(ASTRID, 'yes but order 1043');
    expect(h.text(reply)).toContain("I haven't changed anything");
    expect(await disputes('1043', '1044')).toHaveLength(0);
  });
});

describe('returns and the store\'s return window', () => {
  it('a return already registered is said to be registered, not registered again', async () => {
    h = createHarness();
    await h.say(ASTRID, 'I want to return the headphones');
    expect(h.text(await h.say(ASTRID, 'yes'))).toContain('reference ret-1044');
    const again = await h.say(ASTRID, 'can I return the headphones?');
    expect(h.text(again)).toContain('Your return of order 1044 is registered');
    expect(again.replies[0]!.choices ?? []).toEqual([]);
  });

  it('past the window no return is offered or registered: it gives the dates and offers a person', async () => {
    h = createHarness();
    const fortyDaysAgo = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10);
    h.db.prepare('UPDATE commerce_orders SET delivered_at = ? WHERE id = ?').run(fortyDaysAgo, '1044');
    const asked = await h.say(ASTRID, 'I want to return the headphones');
    expect(h.text(asked)).toMatch(/Order 1044 was delivered on .*return window ended on .*can't register a return/);
    expect(asked.replies[0]!.choices?.map((choice) => choice.value)).toEqual(['intent:human_agent']);
    expect(asked.meta.tools).not.toContain('register_return');
    expect(await h.commerce.listReturns('1044')).toEqual([]);
  });
});

describe('cancelling an order', () => {
  it('says it cannot cancel, and offers a person and a return, in the customer\'s language; nothing changes', async () => {
    h = createHarness();
    await h.say(ASTRID, 'I want to return the jacket');
    const cancel = await h.say(ASTRID, 'ok can I cancel it instead?');
    expect(cancel.meta).toMatchObject({ intent: 'cancel_order', escalated: false });
    expect(h.text(cancel)).toMatch(/^I can't cancel an order myself/);
    expect(cancel.replies[0]!.choices?.map((choice) => choice.value)).toEqual(['intent:human_agent', 'intent:report_return']);
    expect(h.text(await h.say(EMMA, 'kan ik mijn bestelling annuleren?', { language: 'nl' }))).toMatch(/^Ik kan een bestelling niet zelf annuleren/);
    expect((await h.say(ASTRID, 'I want to cancel my card', { language: 'en' })).meta.intent).not.toBe('cancel_order');
  });
});

describe('"why not?"', () => {
  it('under "shall I move your payment?" is neither a yes nor a no: the question comes again, and "ja" moves it', async () => {
    h = createHarness();
    const before = await dueDate('i-3001-1', 'c-emma');
    const asked = await h.say(EMMA, 'kan ik de betaling uitstellen?', { language: 'nl' });
    expect(h.text(asked)).toMatch(/^Zal ik je betaling/);
    const why = await h.say(EMMA, 'waarom niet?', { language: 'nl' });
    expect(h.text(why)).toBe(h.text(asked));
    expect(h.text(why)).not.toMatch(/niets veranderd|Geregeld/);
    expect(await dueDate('i-3001-1', 'c-emma')).toBe(before);
    expect(h.text(await h.say(EMMA, 'ja', { language: 'nl' }))).toMatch(/^Geregeld/);
    expect(await dueDate('i-3001-1', 'c-emma')).not.toBe(before);
  });

  it('after an answer, is a question: it offers a person instead of reading a no', async () => {
    h = createHarness();
    expect(h.text(await h.say(EMMA, 'ik wil mijn sneakers terugsturen', { language: 'nl' }))).toContain('nog niet bezorgd');
    const why = await h.say(EMMA, 'waarom niet?', { language: 'nl' });
    expect(why.meta).toMatchObject({ intent: 'asks_why', tools: [] });
    expect(h.text(why)).toContain('medewerker');
    expect(why.replies[0]!.choices?.map((choice) => choice.value)).toEqual(['intent:human_agent']);
    expect((await h.say(LUKAS, 'warum?', { language: 'de' })).meta).toMatchObject({ intent: 'asks_why' });
    expect((await h.say(LUKAS, 'warum wurde meine Zahlung zweimal abgebucht?', { language: 'de' })).meta?.intent).not.toBe('asks_why');
  });
});

describe('a reply that names an order to a yes/no question', () => {
  it('"den för hörlurarna" asks again about that order, and moves nothing until "ja"', async () => {
    h = createHarness();
    const before = await dueDate('i-1044-2');
    const asked = await h.say(ASTRID, 'kan jag betala senare?', { language: 'sv' });
    expect(asked.replies[0]!.choices?.map((choice) => choice.value)).toEqual(['intent:affirm', 'intent:deny']);
    const again = await h.say(ASTRID, 'den för hörlurarna', { language: 'sv' });
    expect(flat(h.text(again))).toContain('799,00 kr för order 1044');
    expect(again.replies[0]!.choices?.map((choice) => choice.value)).toEqual(['intent:affirm', 'intent:deny']);
    expect(await dueDate('i-1044-2')).toBe(before);
    const done = await h.say(ASTRID, 'ja', { language: 'sv' });
    expect(done.meta).toMatchObject({ intent: 'extend_due_date', tools: expect.arrayContaining(['extend_due_date']) });
    expect(await dueDate('i-1044-2')).not.toBe(before);
  });

  it('naming another order moves the question to that order', async () => {
    h = createHarness({ intentRouter: scriptedRouter({ 'dispute order 1044': ['dispute_purchase', 0.99] }) });
    await h.say(ASTRID, 'dispute order 1044');
    const moved = await h.say(ASTRID, 'the jacket');
    expect(flat(h.text(moved))).toContain('order 1043 (Down jacket)');
    expect(await disputes('1043', '1044')).toHaveLength(0);
    await h.say(ASTRID, 'yes');
    expect((await disputes('1043')).map((dispute) => dispute.amount.amount)).toEqual([849]);
    expect(await disputes('1044')).toHaveLength(0);
  });
});

describe('flows', () => {
  it('a vague account problem asks what is wrong, in the customer\'s language; nothing is escalated or looked up', async () => {
    h = createHarness();
    const asked = await h.say(ASTRID, 'there is some problem with my account');
    expect(asked.meta).toMatchObject({ intent: 'account_problem', escalated: false, tools: [] });
    expect(h.text(asked)).toContain("What's wrong with your account?");
    expect(asked.replies[0]!.choices?.map((choice) => choice.value)).toEqual(['intent:login_help', 'intent:unrecognised_charge', 'intent:personal_details', 'intent:human_agent']);
    const chosen = await h.say(ASTRID, "I can't log in", { action: 'intent:login_help' });
    expect(chosen.meta).toMatchObject({ intent: 'login_help' });
    const german = await h.say(LUKAS, 'mit meinem Konto stimmt was nicht', { language: 'de' });
    expect(h.text(german)).toContain('Was stimmt mit Ihrem Konto nicht?');
  });

  it('a complaint is acknowledged and handed to a person, with no dispute', async () => {
    h = createHarness();
    const result = await h.say(EMMA, 'ik wil een klacht indienen, niemand helpt me', { language: 'nl', market: 'NL' });
    expect(result.meta).toMatchObject({ intent: 'complaint', escalated: true, escalationReason: 'frustration' });
    expect(result.meta.tools).not.toContain('open_dispute');
    expect(await disputes('3001')).toHaveLength(0);
  });

  it('"I was charged twice" shows the charges of the order and offers a dispute for one charge, not the whole order', async () => {
    h = createHarness();
    const shown = await h.say(MIA, 'I was charged twice', { market: 'US' });
    expect(shown.meta).toMatchObject({ intent: 'double_charge', route: 'disputes', escalated: false });
    expect(h.text(shown)).toContain('$62.25');
    expect(h.text(shown)).toContain('Shall I open a dispute for $62.25 on order 7001');
    expect(await disputes('7001')).toHaveLength(0);
    await h.say(MIA, 'yes', { market: 'US' });
    expect((await disputes('7001')).map((dispute) => dispute.amount.amount)).toEqual([62.25]);
  });

  it('a double charge said with the card in between ("charge my card twice") is a double charge in every language, never a card to freeze', async () => {
    const said: [string, string][] = [
      ['en', 'why did you charge my card twice?'],
      ['sv', 'varför drog ni 2 gånger från mitt kort?'],
      ['nl', 'jullie hebben twee keer van mijn kaart afgeschreven'],
      ['nb', 'dere har trukket kortet mitt to ganger'],
      ['da', 'I har trukket mit kort to gange'],
      ['fr', 'vous avez débité ma carte deux fois'],
      ['fi', 'veloititte korttiani kahdesti'],
      ['de', 'ihr habt zweimal von meiner Karte abgebucht'],
    ];
    for (const [language, text] of said) {
      h?.close();
      h = createHarness();
      const shown = await h.say(MIA, text, { language, market: 'US' });
      expect(shown.meta, text).toMatchObject({ intent: 'double_charge', route: 'disputes', escalated: false });
      expect(shown.meta.tools, text).not.toContain('freeze_card');
    }
  });

  it('an unrecognised charge is looked up first: recognised, it is closed; not recognised, the card is frozen on yes and the fraud team takes it', async () => {
    h = createHarness();
    const found = await h.say(ASTRID, "There's a charge of 799 kr I don't recognise");
    expect(found.meta).toMatchObject({ intent: 'unrecognised_charge', escalated: false });
    expect(flat(h.text(found))).toContain('799,00 kr due on');
    expect(h.text(found)).toContain('payment 2 of 3 for order 1044');
    const recognised = await h.say(ASTRID, 'yes');
    expect(recognised.meta.escalated).toBe(false);
    expect(h.text(recognised)).toContain('one of your own payments');

    h.close();
    h = createHarness();
    await h.say(ASTRID, "There's a charge of 799 kr I don't recognise");
    const no = await h.say(ASTRID, 'no');
    expect(h.text(no)).toContain('Shall I freeze your card ending in 4242');
    expect(no.meta.escalated).toBe(false);
    expect((await h.commerce.listCards('c-astrid'))[0]!.status).toBe('active');
    const frozen = await h.say(ASTRID, 'yes');
    expect(frozen.meta).toMatchObject({ escalated: true, escalationReason: 'fraud_suspected' });
    expect((await h.commerce.listCards('c-astrid'))[0]!.status).toBe('frozen');
  });

  it('a charge that matches nothing goes to the fraud team', async () => {
    h = createHarness();
    const result = await h.say(ASTRID, "There's a charge of 123 kr I don't recognise");
    expect(result.meta).toMatchObject({ escalated: true, escalationReason: 'fraud_suspected' });
  });

  it('asked "do you recognise it?", naming an amount looks for that charge instead of changing the subject', async () => {
    h = createHarness();
    await h.say(ASTRID, "I don't recognise a charge");
    const named = await h.say(ASTRID, 'the one for 45 kr');
    expect(named.meta).toMatchObject({ intent: 'unrecognised_charge', escalated: true, escalationReason: 'fraud_suspected' });
    expect(flat(h.text(named))).toContain("I can't find a charge of 45,00 kr");
  });

  it('a question about a dispute answers about disputes, and says so when there is none', async () => {
    h = createHarness();
    const none = await h.say(ASTRID, 'what is the status of my dispute?');
    expect(none.meta).toMatchObject({ intent: 'dispute_status', tools: ['list_disputes'] });
    expect(h.text(none)).toContain('no disputes');
    await h.say(ASTRID, 'I want to dispute order 1044, the headphones broke');
    await h.say(ASTRID, 'yes');
    const status = flat(h.text(await h.say(ASTRID, 'what is the status of my dispute?')));
    expect(status).toMatch(/Dispute D-\d+ for 2 397,00 kr on order 1044 with London Tech Ltd is open/);
  });
});

describe('language and market on every turn', () => {
  it('a web customer gets the market of their record: kronor and Swedish dates, not US ones', async () => {
    h = createHarness();
    const result = await h.say(WEB_ASTRID, 'when is my next payment due?', { market: 'US' });
    expect(flat(h.text(result))).toContain('799,00 kr');
    expect(h.text(result)).toMatch(/\d+ December \d{4}|\d+ \w+ \d{4}/);
    expect(h.text(result)).not.toContain('SEK');
  });
});

describe('a no that asks something new', () => {
  it('"vänta, var är order 1043 nu?" cancels the pending action and answers where the order is', async () => {
    h = createHarness();
    await h.say(ASTRID, 'kan jag skjuta upp betalningen?', { language: 'sv' });
    const reply = h.text(await h.say(ASTRID, 'vänta, var är order 1043 nu?', { language: 'sv' }));
    expect(reply).toContain('jag har inte ändrat något');
    expect(reply).toContain('PN104300001SE');
  });
});

describe('an item named in a question the model hesitates over', () => {
  it('"var är min jacka?" is about the jacket\'s order, in Swedish', async () => {
    h = createHarness();
    const result = await h.say(ASTRID, 'var är min jacka?', { language: 'sv' });
    expect(result.meta).toMatchObject({ route: 'orders', escalated: false });
    expect(h.text(result)).toContain('PN104300001SE');
  });
});
