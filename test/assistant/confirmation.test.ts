import { afterEach, describe, expect, it } from 'vitest';
import type { Intent } from '../../agents/intents.ts';
import type { IntentPrediction, IntentRouter } from '../../agents/models/types.ts';
import { ASTRID, LUKAS, createHarness, type Harness } from './harness.ts';

let h: Harness;
afterEach(() => h.close());

/** A router that answers each text with a fixed guess, so "unsure" is exact. */
function scriptedRouter(guesses: Record<string, [Intent, number, ...[Intent, number][]]>): IntentRouter {
  return {
    predict(text): IntentPrediction {
      const [intent, confidence, ...rest] = guesses[text] ?? ['out_of_scope', 0.99];
      return { intent, confidence, alternatives: rest.map(([alternative, score]) => ({ intent: alternative, score })) };
    },
  };
}

const dueDate = async (id: string) => (await h.commerce.listInstalments('c-astrid')).find((instalment) => instalment.id === id)!.dueDate;

describe('actions wait for a yes when the message only asks about them', () => {
  it('a question about what moving a due date costs is answered, the date moves only after "yes"', async () => {
    h = createHarness();
    const before = await dueDate('i-1044-2');
    const asked = await h.say(ASTRID, 'does it cost anything to move my due date?');
    expect(asked.meta).toMatchObject({ route: 'general', intent: 'policy_question', tools: [] });
    expect(h.text(asked)).toContain('Extending a due date once is free');
    expect(h.text(asked)).toContain('Shall I move the due date of your next payment by 14 days?');
    expect(asked.replies[0]!.choices?.map((choice) => choice.value)).toEqual(['intent:affirm', 'intent:deny']);
    expect(await dueDate('i-1044-2')).toBe(before);

    const confirmed = await h.say(ASTRID, 'Yes', { action: 'intent:affirm' });
    expect(confirmed.meta).toMatchObject({ route: 'payments', intent: 'extend_due_date', tools: ['get_payment_schedule', 'extend_due_date'] });
    expect((Date.parse(await dueDate('i-1044-2')) - Date.parse(before)) / 86_400_000).toBe(14);
  });

  it('"no" leaves everything as it was', async () => {
    h = createHarness();
    const before = await dueDate('i-1044-2');
    await h.say(ASTRID, 'does it cost anything to move my due date?');
    const declined = await h.say(ASTRID, 'no');
    expect(h.text(declined)).toContain("I haven't changed anything");
    expect(await dueDate('i-1044-2')).toBe(before);
  });

  it('a question about the return window registers no return', async () => {
    h = createHarness();
    const result = await h.say(LUKAS, 'Combien de jours ai-je pour renvoyer un article acheté ?', { language: 'fr', market: 'DE' });
    expect(result.meta).toMatchObject({ route: 'general', intent: 'policy_question' });
    expect(result.meta.tools).not.toContain('register_return');
    expect(await h.commerce.listReturns('2001')).toHaveLength(0);
  });

  it('an unsure guess at an action asks first, naming the card; "yes" freezes only that card', async () => {
    h = createHarness({ intentRouter: scriptedRouter({ 'my card 4242 hmm': ['card_block', 0.5], yes: ['affirm', 0.9] }) });
    const asked = await h.say(ASTRID, 'my card 4242 hmm');
    expect(asked.meta).toMatchObject({ route: 'account', intent: 'card_block', escalated: false, tools: [] });
    expect(h.text(asked)).toContain('Just to be sure');
    expect((await h.commerce.listCards('c-astrid'))[0]!.status).toBe('active');
    const done = await h.say(ASTRID, 'yes');
    expect(done.meta).toMatchObject({ intent: 'card_block', tools: ['freeze_card'] });
    expect((await h.commerce.listCards('c-astrid'))[0]!.status).toBe('frozen');
  });

  it('a stolen card is frozen and escalated at once, however unsure the guess', async () => {
    h = createHarness({ intentRouter: scriptedRouter({ 'wallet gone, card too': ['stolen_card', 0.5] }) });
    const result = await h.say(ASTRID, 'wallet gone, card too');
    expect(result.meta).toMatchObject({ intent: 'stolen_card', escalated: true, tools: ['freeze_card'] });
    expect((await h.commerce.listCards('c-astrid'))[0]!.status).toBe('frozen');
  });
});

describe('what the message names', () => {
  it('a bare number that is one of the customer\'s own orders is that order', async () => {
    h = createHarness();
    const result = await h.say(ASTRID, 'any news on getting my money back for 1042?');
    expect(result.meta.tools).toContain('get_refund_status');
    expect(h.text(result)).toContain('order 1042');
  });

  it('a bare number that is someone else\'s order is never looked up', async () => {
    h = createHarness();
    const result = await h.say(ASTRID, 'any news on getting my money back for 2001?');
    expect(h.text(result)).not.toMatch(/2001|Leather sneakers/);
    expect(result.meta.tools).not.toContain('get_order');
  });

  it.each([
    ['de', 'Bitte sperrt die Karte mit der Endung 1881'],
    ['nl', 'Zet de kaart die eindigt op 1881 op slot'],
    ['it', 'Bloccate la carta che finisce con 1881'],
  ])('card digits in %s freeze that card', async (language, text) => {
    h = createHarness();
    const result = await h.say(LUKAS, text, { language });
    expect(result.meta.tools).toContain('freeze_card');
    expect((await h.commerce.listCards('c-lukas'))[0]!.status).toBe('frozen');
  });

  it('digits that are not the customer\'s card freeze nothing', async () => {
    h = createHarness();
    const result = await h.say(ASTRID, 'please freeze my card ending in 9999');
    expect(h.text(result)).toContain('no card ending in 9999');
    expect((await h.commerce.listCards('c-astrid'))[0]!.status).toBe('active');
  });

  it('"my orders" lists the recent orders, each one a choice', async () => {
    h = createHarness();
    const result = await h.say(ASTRID, 'could you have a look at my orders?');
    expect(result.meta).toMatchObject({ route: 'orders', tools: ['list_orders'] });
    expect(h.text(result)).toMatch(/#1042[\s\S]*#1044|#1044[\s\S]*#1042/);
    expect(result.replies[0]!.choices?.map((choice) => choice.value)).toContain('order:1043');
  });
});

describe('context and scope', () => {
  it('a follow-up the router cannot place continues the previous topic', async () => {
    h = createHarness({
      intentRouter: scriptedRouter({
        'more time on my payment please': ['extend_due_date', 0.95],
        'and even further?': ['out_of_scope', 0.3, ['extend_due_date', 0.25], ['thanks', 0.1]],
      }),
    });
    await h.say(ASTRID, 'more time on my payment please');
    const followUp = await h.say(ASTRID, 'and even further?');
    expect(followUp.meta).toMatchObject({ route: 'payments', intent: 'extend_due_date' });
    expect(h.text(followUp)).toContain('already been extended');
  });

  it('an unsure guess whose runner-up is out of scope gets the polite out-of-scope answer, not a person', async () => {
    h = createHarness({ intentRouter: scriptedRouter({ 'a good film tonight?': ['human_agent', 0.53, ['out_of_scope', 0.46]] }) });
    const result = await h.say(ASTRID, 'a good film tonight?');
    expect(result.meta).toMatchObject({ route: 'general', intent: 'out_of_scope', escalated: false });
    expect(h.text(result)).toContain('outside what I can help with');
  });
});
