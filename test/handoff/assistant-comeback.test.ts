import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ASTRID, createHarness, type Harness } from '../assistant/harness.ts';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.close());

const thread = `thread-${ASTRID.id}`;

describe('the assistant taking a conversation back from a person', () => {
  it('tells what the team did, asks for a 1–5 rating with buttons, and thanks for the answer', async () => {
    await h.say(ASTRID, 'I want to talk to a person');
    const back = await h.assistant.resume(thread, { resolved: true, note: 'We refunded the shipping fee.', askRating: true });
    expect(h.text(back)).toContain('We refunded the shipping fee.');
    expect(h.text(back)).toContain('from 1 (poor) to 5 (excellent)');
    expect(back.replies[0]!.choices?.map((choice) => choice.value)).toEqual(['rating:1', 'rating:2', 'rating:3', 'rating:4', 'rating:5']);
    expect(back.meta).toMatchObject({ resumed: true, askedRating: true });

    const rated = await h.say(ASTRID, '4');
    expect(rated.meta).toMatchObject({ intent: 'rating', rating: 4, escalated: false });
    expect(h.text(rated)).toContain('Thank you for your feedback');
    // The question was answered: a later "5" is not a rating any more.
    expect((await h.say(ASTRID, 'when is my next payment due?')).meta.route).toBe('payments');
  });

  it('takes a rating from a button', async () => {
    await h.say(ASTRID, 'I want to talk to a person');
    await h.assistant.resume(thread, { askRating: true });
    expect((await h.say(ASTRID, '5 – Excellent', { action: 'rating:5' })).meta.rating).toBe(5);
  });

  it('takes a typed score with a comment after it; a message naming an order is no score', async () => {
    await h.say(ASTRID, 'I want to talk to a person');
    await h.assistant.resume(thread, { askRating: true });
    const rated = await h.say(ASTRID, '4 i guess, took long');
    expect(rated.meta).toMatchObject({ intent: 'rating', rating: 4 });
    expect(h.text(rated)).not.toMatch(/outside what I can help with/);

    h.close();
    h = createHarness();
    await h.say(ASTRID, 'I want to talk to a person');
    await h.assistant.resume(thread, { askRating: true });
    expect((await h.say(ASTRID, '2 things: where is order 1043?')).meta.rating).toBeUndefined();
  });

  it('leaves no stale "a person will answer" lines in its context', async () => {
    await h.say(ASTRID, 'I want to talk to a person');
    await h.say(ASTRID, 'hello?');
    await h.assistant.resume(thread, { resolved: true, note: 'Refund sent.', askRating: true });
    const state = await h.checkpointer.getTuple({ configurable: { thread_id: thread } });
    const messages = (state?.checkpoint.channel_values as { messages: { role: string; text: string }[] }).messages;
    const said = messages.filter((message) => message.role === 'assistant').map((message) => message.text);
    expect(said.some((text) => text.includes('member of our team'))).toBe(false);
    expect(said.some((text) => text.includes('Your request is with our team'))).toBe(false);
    expect(said.at(-1)).toContain('Refund sent.');
  });

  it('after a timeout apologises, promises a follow-up and answers again at once', async () => {
    await h.say(ASTRID, 'I want to talk to a person');
    const back = await h.assistant.resume(thread, { resolved: false, timedOut: true });
    expect(h.text(back)).toContain('follow up with you here later');
    expect(back.replies[0]!.choices).toBeUndefined();
    expect(await h.assistant.status(thread)).toMatchObject({ paused: false });
    expect((await h.say(ASTRID, 'when is my next payment due?')).meta.route).toBe('payments');
  });
});
