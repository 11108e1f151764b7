import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ASTRID, LUKAS, MIA, createHarness, type Harness } from './harness.ts';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.close());

describe('payments', () => {
  it('when the model is unsure, its best guess is on the menu even when it is an action ("I can\'t pay this month" → more time to pay), and pressing it still asks first', async () => {
    const unsure = await h.say(ASTRID, "I can't pay this month");
    expect(h.text(unsure)).toContain("I'm not sure I understood");
    expect(unsure.replies[0]!.choices?.[0]).toEqual({ label: 'More time to pay', value: 'intent:extend_due_date' });
    const pressed = await h.say(ASTRID, 'More time to pay', { action: 'intent:extend_due_date' });
    expect(h.text(pressed)).toContain('Shall I move your payment');
  });

  it('"I can\'t pay right now" offers more time in every language, never a payment link; "I want to pay now" still gets one', async () => {
    for (const [language, text] of [['sv', 'jag kan inte betala just nu'], ['en', 'I cannot pay my bill right now'], ['fi', 'en pysty maksamaan nyt']]) {
      const asked = await h.say(ASTRID, text!, { language: language! });
      expect(asked.meta, text).toMatchObject({ intent: 'extend_due_date' });
      expect(h.text(asked), text).not.toContain('https://pay.');
    }
    const paying = await h.say(ASTRID, 'I want to pay now');
    expect(paying.meta).toMatchObject({ intent: 'pay_now' });
  });

  it('"I have a problem with a payment" asks what is wrong, in the customer\'s language, and calls nobody yet', async () => {
    for (const [language, text] of [['it', 'ciao, ho un problema con un pagamento'], ['de', 'ich habe ein Problem mit einer Zahlung'], ['en', 'I have a problem with a payment'], ['es', 'necesito ayuda con mi pago'], ['en', 'I need help with my payment']]) {
      const asked = await h.say(MIA, text!, { language: language!, market: 'US' });
      expect(asked.meta, text).toMatchObject({ intent: 'payment_problem', escalated: false });
      expect(asked.replies[0]!.choices?.map((choice) => choice.value), text).toEqual(['intent:unrecognised_charge', 'intent:dispute_purchase', 'intent:payment_schedule', 'intent:human_agent']);
    }
    expect(h.text(await h.say(MIA, 'ho un problema con un pagamento', { language: 'it', market: 'US' }))).toBe('Mi dispiace. Che cosa non va con il pagamento?');
    const charged = await h.say(MIA, 'I have a problem with a payment, you charged me twice', { market: 'US' });
    expect(charged.meta.intent).toBe('double_charge');
  });

  it('tells the next payment due with its amount, order and date', async () => {
    const [next] = (await h.commerce.listInstalments('c-astrid')).filter((instalment) => instalment.status === 'scheduled');
    const result = await h.say(ASTRID, 'when is my next payment due?');
    expect(result.meta).toMatchObject({ route: 'payments', intent: 'payment_schedule', escalated: false, tools: ['get_payment_schedule'] });
    expect(h.text(result)).toContain('799,00');
    expect(h.text(result)).toContain('order 1044');
    expect(h.text(result)).toContain(new Intl.DateTimeFormat('en-SE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${next!.dueDate}T00:00:00Z`)));
  });

  it('still finds the next payment after talking about an order that has none left', async () => {
    await h.say(ASTRID, 'where is my refund for order 1042?');
    const result = await h.say(ASTRID, 'when is my next payment due?');
    expect(h.text(result)).toContain('order 1044');
    expect(h.text(result)).not.toMatch(/nothing left to pay/i);
  });

  it('sends a payment link and extends a due date once, after a yes', async () => {
    expect(h.text(await h.say(ASTRID, 'i want to pay now'))).toContain('https://pay.switchboard.example/i/i-1044-2');
    const before = (await h.commerce.listInstalments('c-astrid')).find((instalment) => instalment.id === 'i-1044-2')!;
    const asked = await h.say(ASTRID, 'can I get more time to pay?');
    expect(asked.meta.tools).not.toContain('extend_due_date');
    expect(h.text(asked)).toMatch(/Shall I move your payment of 799,00\skr for order 1044 \(Wireless headphones, Charging case\)/);
    const extended = await h.say(ASTRID, 'yes please');
    expect(extended.meta.tools).toContain('extend_due_date');
    const after = (await h.commerce.listInstalments('c-astrid')).find((instalment) => instalment.id === 'i-1044-2')!;
    expect((Date.parse(after.dueDate) - Date.parse(before.dueDate)) / 86_400_000).toBe(14);
    expect(h.text(await h.say(ASTRID, 'extend the due date please'))).toContain('already been extended');
  });
});

describe('refunds and returns', () => {
  it('answers where the refund for order 1042 is', async () => {
    const result = await h.say(ASTRID, 'where is my refund for order 1042?');
    expect(result.meta).toMatchObject({ route: 'refunds', intent: 'refund_status', escalated: false });
    expect(h.text(result)).toMatch(/refund of 1\s299,00\skr is being processed/);
  });

  it('"can I get my money back?" asks about a refund in every language, never for more time to pay', async () => {
    for (const [language, text] of [['sv', 'kan jag få pengarna tillbaka?'], ['nb', 'kan jeg få pengene tilbake?'], ['da', 'kan jeg få pengene tilbage?'], ['en', 'can I get my money back?']]) {
      const asked = await h.say(ASTRID, text!, { language: language! });
      expect(asked.meta, text).toMatchObject({ route: 'refunds', intent: 'refund_status' });
      expect(asked.replies[0]!.choices?.map((choice) => choice.value) ?? [], text).not.toContain('intent:affirm');
    }
  });

  it('"can I pay it in instalments?" is answered from the pay-in-3 article and moves nothing; "can I postpone it?" still offers to', async () => {
    for (const [language, text] of [['de', 'kann ich das in raten machen?'], ['sv', 'kan jag dela upp betalningen?'], ['nl', 'kan ik in termijnen betalen?'], ['fi', 'voinko maksaa sen osissa?']]) {
      const asked = await h.say(ASTRID, text!, { language: language! });
      expect(asked.meta, text).toMatchObject({ intent: 'policy_question', article: 'pay_in_parts' });
    }
    const later = await h.say(ASTRID, 'kan jag skjuta upp min delbetalning?', { language: 'sv' });
    expect(later.meta).toMatchObject({ intent: 'extend_due_date' });
  });

  it('with no refund yet, a typed yes to "would you like to return it?" starts the return; an order not delivered yet is not offered one', async () => {
    const none = await h.say(LUKAS, 'where is my refund for order 2001?');
    expect(h.text(none)).toContain('Would you like to return it?');
    const yes = await h.say(LUKAS, 'yes');
    expect(yes.meta).toMatchObject({ intent: 'report_return' });
    expect(h.text(yes)).toContain('Shall I register a return of order 2001');
    expect(await h.commerce.listReturns('2001')).toHaveLength(0);
    const undelivered = await h.say(MIA, 'where is my refund?', { market: 'US' });
    expect(h.text(undelivered)).toBe("There's no refund on order 7001: it hasn't been delivered yet. If you no longer want it, you can refuse the delivery or return it once it arrives.");
    expect(undelivered.replies[0]!.choices ?? []).toEqual([]);
  });

  it('goods that came broken ("buongiorno, la tv è arrivata rotta", "hörlurarna kom trasiga") are offered a return, registered only on a yes', async () => {
    const tv = await h.say(LUKAS, 'buongiorno, la tv è arrivata rotta', { language: 'it' });
    expect(tv.meta).toMatchObject({ intent: 'report_return' });
    expect(h.text(tv)).toBe('Registro un reso dell\'ordine 2002 (55" television, 640,00\u00a0€) presso London Tech Ltd?');
    expect(await h.commerce.listReturns('2002')).toHaveLength(0);
    expect(h.text(await h.say(ASTRID, 'hörlurarna kom trasiga', { language: 'sv' }))).toMatch(/^Ska jag registrera en retur av order 1044/);
  });

  it('registers a return of a delivered order once the customer says yes', async () => {
    const asked = await h.say(ASTRID, 'i want to return order 1044');
    expect(asked.meta.intent).toBe('report_return');
    expect(h.text(asked)).toMatch(/Shall I register a return of order 1044 \(Wireless headphones, Charging case, 2\s397,00\skr\) from London Tech Ltd\?/);
    expect(await h.commerce.listReturns('1044')).toHaveLength(0);
    const result = await h.say(ASTRID, 'Yes', { action: 'intent:affirm' });
    expect(h.text(result)).toContain('registered the return of order 1044');
    expect(await h.commerce.listReturns('1044')).toHaveLength(1);
  });
});

describe('orders and delivery', () => {
  it('an item the customer bought none of is never guessed to be another order: they are told, and shown their orders', async () => {
    const asked = await h.say(MIA, 'i want to return my headphones', { market: 'US' });
    expect(h.text(asked)).toContain("I can't find that item in any of your orders.");
    expect(asked.replies[0]!.choices?.map((choice) => choice.value)).toEqual(['order:7001']);
    const sweater = await h.say(ASTRID, 'det var en tröja jag beställde förra veckan', { language: 'sv' });
    expect(h.text(sweater)).toContain('Jag hittar inte den varan i någon av dina ordrar.');
    h.close();
    h = createHarness();
    const owned = await h.say(ASTRID, 'jag vill returnera hörlurarna', { language: 'sv' });
    expect(h.text(owned)).toContain('Ska jag registrera en retur av order 1044');
  });

  it('tracks an order and remembers it for the follow-up', async () => {
    const first = await h.say(ASTRID, "what's the status of order 1043?");
    expect(first.meta.route).toBe('orders');
    expect(h.text(first)).toContain('PN104300001SE');
    const followUp = await h.say(ASTRID, 'and when will it arrive?');
    expect(followUp.meta).toMatchObject({ route: 'orders', intent: 'delivery_tracking' });
    expect(h.text(followUp)).toContain('Order 1043');
    expect(h.text(followUp)).toContain('should arrive by');
  });

  it('asks which order when several fit, and continues with the chosen one', async () => {
    const asked = await h.say(ASTRID, 'i want to dispute a purchase');
    expect(asked.replies[0]!.choices?.map((choice) => choice.value)).toContain('order:1044');
    const answered = await h.say(ASTRID, '1044');
    expect(answered.meta.intent).toBe('dispute_purchase');
    expect(h.text(answered)).toContain('Shall I open a dispute for 2\u00a0397,00\u00a0kr on order 1044');
    const opened = await h.say(ASTRID, 'yes');
    expect(h.text(opened)).toContain('dispute D-');
  });
});

describe('disputes', () => {
  it('opens a dispute under the limit without a person, after a yes', async () => {
    const asked = await h.say(LUKAS, 'I want to dispute order 2001, the sneakers are fake');
    expect(asked.meta).toMatchObject({ route: 'disputes', intent: 'dispute_purchase', escalated: false });
    expect(await h.commerce.listDisputes('2001')).toHaveLength(0);
    const result = await h.say(LUKAS, 'ok');
    expect(result.meta).toMatchObject({ route: 'disputes', intent: 'dispute_purchase', escalated: false });
    expect(h.text(result)).toContain('€189.90');
    expect(await h.commerce.listDisputes('2001')).toHaveLength(1);
  });
});

describe('account and card', () => {
  it('blocks a lost card', async () => {
    const result = await h.say(ASTRID, 'I lost my card, please block it');
    expect(result.meta).toMatchObject({ route: 'account', intent: 'card_block', escalated: false });
    expect((await h.commerce.listCards('c-astrid'))[0]!.status).toBe('frozen');
  });

  it('shows personal details partly masked, and helps with login', async () => {
    const details = h.text(await h.say(ASTRID, 'what personal details do you have about me?'));
    expect(details).toContain('Astrid Lindqvist');
    expect(details).not.toContain('astrid@example.se');
    expect((await h.say(ASTRID, "I can't log in")).meta.intent).toBe('login_help');
  });
});

describe('general', () => {
  it('greets, thanks, answers policy questions and declines what is out of scope', async () => {
    expect((await h.say(ASTRID, 'hello')).meta.intent).toBe('greeting');
    expect(h.text(await h.say(ASTRID, 'what is your return policy?'))).toContain('30 days');
    const outOfScope = await h.say(ASTRID, 'tell me a joke');
    expect(outOfScope.meta).toMatchObject({ route: 'general', intent: 'out_of_scope', escalated: false });
    expect((await h.say(ASTRID, 'thanks!')).meta.intent).toBe('thanks');
  });

  it('a short question that leaves its topic out is answered about the topic just discussed, and only then', async () => {
    await h.say(LUKAS, 'kan ik de schoenen terugsturen als ze te laat komen?', { language: 'nl' });
    const days = await h.say(LUKAS, 'hoeveel dagen heb ik daarvoor', { language: 'nl' });
    expect(days.meta).toMatchObject({ intent: 'policy_question', article: 'return_window', articleSection: 'window' });
    expect(h.text(days)).toContain('30 dagen');
    h.close();
    h = createHarness();
    const alone = await h.say(LUKAS, 'hoeveel dagen heb ik daarvoor', { language: 'nl' });
    expect(alone.meta.article ?? null).not.toBe('return_window');
  });
});
