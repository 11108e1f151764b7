import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ASTRID, LUKAS, createHarness, type Harness } from './harness.ts';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.close());

describe('escalation policy', () => {
  it('hands over when the person asks for one, and keeps answering while paused', async () => {
    const escalated = await h.say(ASTRID, 'I want to talk to a person');
    expect(escalated.meta).toMatchObject({ escalated: true, escalationReason: 'requested_human' });
    expect(escalated.replies).toHaveLength(1);
    expect(h.text(escalated)).toContain('member of our team');
    expect(await h.assistant.status(`thread-${ASTRID.id}`)).toMatchObject({ paused: true, ticket: { reason: 'requested_human', language: 'en' } });

    for (const text of ['hello?', 'is anyone there']) {
      const waiting = await h.say(ASTRID, text);
      expect(waiting.replies).toHaveLength(1);
      expect(h.text(waiting)).toContain('Your request is with our team');
      expect(waiting.meta.escalated).toBe(false);
    }
  });

  it('freezes a stolen card at once, then escalates', async () => {
    const result = await h.say(ASTRID, 'my card was stolen');
    expect(result.meta).toMatchObject({ route: 'disputes', intent: 'stolen_card', escalated: true, escalationReason: 'stolen_card' });
    expect(result.meta.tools).toContain('freeze_card');
    expect(h.text(result)).toContain('ending in 4242');
    expect((await h.commerce.listCards('c-astrid'))[0]!.status).toBe('frozen');
  });

  it('escalates a charge the customer calls fraud at once', async () => {
    const result = await h.say(ASTRID, "There's a payment on my account I never made, this is fraud");
    expect(result.meta).toMatchObject({ route: 'disputes', escalated: true, escalationReason: 'fraud_suspected' });
  });

  it('escalates strong frustration', async () => {
    await h.say(ASTRID, 'where is my order 1043');
    const result = await h.say(ASTRID, 'This is USELESS!!! worst service, absolutely ridiculous');
    expect(result.meta).toMatchObject({ escalated: true, escalationReason: 'frustration' });
  });

  it('a message that is handed over asks no question nobody will read: no "shall I...?", no buttons', async () => {
    const oliver = { id: 'cust-oliver', role: 'customer', channel: 'web', address: 'web-oliver' } as const;
    const result = await h.say(oliver, 'this is ridiculous, your app charged me twice and nobody helps. GET ME A HUMAN');
    expect(result.meta).toMatchObject({ escalated: true });
    expect(h.text(result)).toContain('member of our team');
    expect(h.text(result)).not.toMatch(/Shall I/);
    expect(result.replies[0]!.choices).toBeUndefined();
    expect(h.text(result)).toContain('£106.67');
    expect(await h.assistant.status(`thread-${oliver.id}`)).toMatchObject({ paused: true });
  });

  it('sends disputes above the limit to a person, and not those below', async () => {
    await h.say(LUKAS, 'I want to dispute order 2002, the TV arrived broken');
    const big = await h.say(LUKAS, 'yes');
    expect(big.meta).toMatchObject({ route: 'disputes', escalated: true, escalationReason: 'dispute_over_limit' });
    expect(h.text(big)).toContain('€640.00');
  });

  it('asks a clarifying question first, then escalates when it stays unclear', async () => {
    // Nonsense the router cannot place (no known word; not an action it would offer to take, nor out of scope).
    const first = await h.say(ASTRID, 'xyzzy plugh');
    expect(first.meta.escalated).toBe(false);
    expect(first.replies[0]!.choices?.length).toBeGreaterThanOrEqual(3);
    expect(first.replies[0]!.choices?.map((choice) => choice.value)).toContain('intent:human_agent');
    const second = await h.say(ASTRID, 'glorb snerk');
    expect(second.meta).toMatchObject({ escalated: true, escalationReason: 'repeated_failure' });
  });

  it('a chosen clarifying option resets the failure count', async () => {
    await h.say(ASTRID, 'blorp zzzt qwxv');
    const chosen = await h.say(ASTRID, 'My next payment', { action: 'intent:payment_schedule' });
    expect(chosen.meta).toMatchObject({ intent: 'payment_schedule', escalated: false });
    expect((await h.say(ASTRID, 'flibber wob')).meta.escalated).toBe(false);
  });
});

describe('resume after a person handled the ticket', () => {
  it('welcomes the person back and the assistant takes over again', async () => {
    await h.say(ASTRID, 'I want to talk to a person');
    const back = await h.assistant.resume(`thread-${ASTRID.id}`, { resolved: true, note: 'We refunded the shipping fee.' });
    expect(h.text(back)).toContain('Welcome back');
    expect(h.text(back)).toContain('We refunded the shipping fee.');
    expect(back.replies[0]!.choices?.map((choice) => choice.value)).toEqual(['intent:affirm', 'intent:deny']);
    expect(await h.assistant.status(`thread-${ASTRID.id}`)).toMatchObject({ paused: false });

    expect(h.text(await h.say(ASTRID, 'yes'))).toContain("glad it's sorted");
    expect((await h.say(ASTRID, 'when is my next payment due?')).meta.route).toBe('payments');
  });

  it('a repeated resume gives the same follow-up and nothing else', async () => {
    await h.say(ASTRID, 'my card was stolen');
    const first = await h.assistant.resume(`thread-${ASTRID.id}`, { resolved: true });
    const again = await h.assistant.resume(`thread-${ASTRID.id}`, { resolved: true });
    expect(again.replies).toEqual(first.replies);
  });
});
