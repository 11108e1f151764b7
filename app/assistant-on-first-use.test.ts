import { describe, expect, it } from 'vitest';
import type { SwitchboardAssistant } from '../agents/index.ts';
import { assistantOnFirstUse } from './assistant-on-first-use.ts';

describe('the accepting thread’s assistant beside turn workers', () => {
  it('is built on the first call, once, and answers as the assistant it wraps', async () => {
    let builds = 0;
    const real: SwitchboardAssistant = {
      respond: async () => ({ replies: [{ text: 'hi' }], language: 'en', languageChosen: false, meta: { route: 'general', intent: 'greeting', confidence: 1, escalated: false, tools: [] } }),
      resume: async () => ({ replies: [{ text: 'back' }], language: 'en', languageChosen: false, meta: { route: 'general', intent: 'resumed', confidence: 1, escalated: false, tools: [] } }),
      status: async (threadId) => ({ paused: threadId === 'waiting' }),
    };
    const lazy = assistantOnFirstUse(() => {
      builds++;
      return real;
    });
    await lazy.close?.();
    expect(builds).toBe(0);
    expect(await lazy.status('waiting')).toEqual({ paused: true });
    expect((await lazy.resume('waiting', { resolved: true })).replies[0]?.text).toBe('back');
    expect(builds).toBe(1);
  });

  it('is built again on the next call when a build failed', async () => {
    let builds = 0;
    const lazy = assistantOnFirstUse(async () => {
      builds++;
      if (builds === 1) throw new Error('model file not readable yet');
      return { respond: async () => { throw new Error('unused'); }, resume: async () => { throw new Error('unused'); }, status: async () => ({ paused: false }) };
    });
    await expect(lazy.status('t')).rejects.toThrow('model file not readable yet');
    expect(await lazy.status('t')).toEqual({ paused: false });
    expect(builds).toBe(2);
  });
});
