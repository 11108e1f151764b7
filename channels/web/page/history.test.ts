import { describe, expect, it } from 'vitest';
import { mergeHistory, type HistoryReply, type SentEntry } from './history.js';

const reply = (id: string, at: string, replyTo: string | null = null): HistoryReply & { text: string } => ({ id, replyTo, createdAt: `2026-05-01T10:${at}Z`, text: id });
const sent = (id: string, at: string): SentEntry => ({ id, text: id, at: Date.parse(`2026-05-01T10:${at}Z`) });
const order = (items: ReturnType<typeof mergeHistory>) => items.map((item) => (item.reply ? `bot:${item.reply.id}` : `me:${item.entry!.id}`));

describe('a conversation put back together after a reload', () => {
  it('places each own message before the reply that answers it, and the rest by time', () => {
    const replies = [reply('r1', '00:02', 'm1'), reply('agent', '00:05'), reply('r3', '00:09', 'm3')];
    expect(order(mergeHistory(replies, [sent('m1', '00:01'), sent('m2', '00:06'), sent('m3', '00:08')]))).toEqual(['me:m1', 'bot:r1', 'bot:agent', 'me:m2', 'me:m3', 'bot:r3']);
  });

  it('keeps a message before its answer even when this browser’s clock runs ahead of the gateway’s', () => {
    const replies = [reply('r1', '00:02', 'm1'), reply('r2', '00:04', 'm2')];
    // The browser thought it was 10:30 when it sent both.
    expect(order(mergeHistory(replies, [sent('m1', '30:00'), sent('m2', '30:01')]))).toEqual(['me:m1', 'bot:r1', 'me:m2', 'bot:r2']);
  });

  it('shows replies alone when this browser remembers nothing (another device), and own messages alone before any reply', () => {
    expect(order(mergeHistory([reply('r1', '00:02', 'm1')], []))).toEqual(['bot:r1']);
    expect(order(mergeHistory([], [sent('m1', '00:01')]))).toEqual(['me:m1']);
  });

  it('leaves out own messages older than the replies kept when the history was cut', () => {
    const replies = [reply('r5', '00:05', 'm5'), reply('r6', '00:06')];
    expect(order(mergeHistory(replies, [sent('m1', '00:01'), sent('m5', '00:04')], 2))).toEqual(['me:m5', 'bot:r5', 'bot:r6']);
    expect(order(mergeHistory(replies, [sent('m1', '00:01')], 10))).toEqual(['me:m1', 'bot:r5', 'bot:r6']);
  });
});
