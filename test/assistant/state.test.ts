import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ASTRID, createHarness, type Harness } from './harness.ts';

let h: Harness;
beforeEach(() => {
  h = createHarness({ historyWindow: 6 });
});
afterEach(() => h.close());

async function storedState(threadId: string) {
  const tuple = await h.checkpointer.getTuple({ configurable: { thread_id: threadId } });
  return tuple!.checkpoint.channel_values as { messages: unknown[]; summary: { folded: number; intents: string[]; orderIds: string[] } };
}

describe('idempotent turns', () => {
  it('the same message twice gives the same single answer and no duplicate history', async () => {
    const first = await h.say(ASTRID, 'I want to return order 1044', { messageId: 'inbox-1' });
    const replay = await h.say(ASTRID, 'I want to return order 1044', { messageId: 'inbox-1' });
    expect(replay.replies).toEqual(first.replies);
    expect(replay.meta).toEqual(first.meta);
    expect((await storedState(`thread-${ASTRID.id}`)).messages).toHaveLength(2);
  });

  it('a replayed escalating message repeats the escalation, not the waiting notice', async () => {
    const first = await h.say(ASTRID, 'I want to talk to a person', { messageId: 'inbox-9' });
    const replay = await h.say(ASTRID, 'I want to talk to a person', { messageId: 'inbox-9' });
    expect(replay.replies).toEqual(first.replies);
    expect(replay.meta.escalated).toBe(true);
  });
});

describe('bounded state', () => {
  it('keeps the last messages and a capped summary however long the thread gets', async () => {
    const questions = ['where is my refund for order 1042?', 'status of order 1043', 'when is my next payment due?', 'hello', 'thanks'];
    for (let i = 0; i < 40; i++) await h.say(ASTRID, questions[i % questions.length]!);
    const state = await storedState(`thread-${ASTRID.id}`);
    expect(state.messages).toHaveLength(6);
    expect(state.summary.folded).toBe(80 - 6);
    expect(state.summary.intents.length).toBeLessThanOrEqual(8);
    expect(state.summary.orderIds).toEqual(expect.arrayContaining(['1042', '1043']));
  });
});
