/**
 * Model mode: the real ChatOpenAI client, pointed at a local chat-completions
 * server, writes the answer from the retrieved sections only. A made-up fee
 * fails the grounding check and never reaches the customer: the article is
 * quoted instead.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelSettings } from '../../agents/index.ts';
import { ASTRID, createHarness, type Harness } from '../assistant/harness.ts';
import { startFakeOpenAIApi, type FakeOpenAIApi } from '../fakes/openai-api.ts';

let api: FakeOpenAIApi;
let h: Harness | undefined;

const settings = (): ModelSettings => ({ mode: 'openai', apiKey: 'sk-test', model: 'gpt-test', baseUrl: api.url, timeoutMs: 5_000, maxRetries: 0, tieredConfidence: 0.7 });
const routed = { toolCall: { intent: 'policy_question', confidence: 0.95 } };

beforeEach(async () => {
  api = await startFakeOpenAIApi();
});
afterEach(async () => {
  h?.close();
  h = undefined;
  await api.close();
});

describe('answers written by a model from the retrieved sections', () => {
  it('a grounded answer reaches the customer with its sources, and the model saw only the sections and the question', async () => {
    h = createHarness({ model: settings() });
    api.script(routed, { content: 'Yes. Sale items can be returned within the same 30 days as other items [1].' });
    const result = await h.say(ASTRID, 'can I return sale items?', { threadId: 'model-1' });
    const text = h.text(result);
    expect(text).toContain('Sale items can be returned within the same 30 days as other items.');
    expect(text).not.toContain('[1]');
    expect(text).toContain('“Returns”: https://help.switchboard.example/en/return-window#sale');
    expect(result.meta).toMatchObject({ article: 'return_window', kbModel: 'grounded', kbPrompt: 'kb-answer.v1' });

    const request = api.requests[1]!.body;
    expect(request.tools).toBeUndefined();
    const system = String(request.messages[0]!.content);
    expect(system).toContain(readFileSync(new URL('../../agents/prompts/kb-answer.v1.md', import.meta.url), 'utf8').split('\n')[0]!);
    expect(system).toContain('Answer in English (en)');
    const user = String(request.messages[1]!.content);
    expect(user).toContain('[1] Returns — Sale items');
    expect(user).toContain("Customer's question:\ncan I return sale items?");
  });

  it('a model that makes up a fee is caught by the grounding check: the customer gets the article\'s own words', async () => {
    h = createHarness({ model: settings() });
    api.script(routed, { content: 'In Sweden the late fee is 95 kr, added after 3 days [1].' });
    const result = await h.say(ASTRID, 'how much is the late fee?', { threadId: 'model-2', market: 'SE' });
    const text = h.text(result);
    expect(text).not.toContain('95');
    expect(text).toContain('In Sweden the reminder fee is 60 kr.');
    expect(text).toContain('https://help.switchboard.example/en/late-fees-se#fee');
    expect(result.meta).toMatchObject({ article: 'late_fees', kbModel: 'ungrounded' });
    expect(result.meta.kbUngrounded).toEqual(['states 95, 3, which no cited section says']);
  });

  it('an answer that cites no section is not trusted either', async () => {
    h = createHarness({ model: settings() });
    api.script(routed, { content: 'Refunds are usually fast.' });
    const result = await h.say(ASTRID, 'how long does a refund take?', { threadId: 'model-3' });
    expect(result.meta).toMatchObject({ kbModel: 'ungrounded', kbUngrounded: ['cites no section'] });
    expect(h.text(result)).toContain('refunds are processed within 5 business days');
  });

  it('when the sections do not answer it, the model says so, and the customer is offered a person', async () => {
    h = createHarness({ model: settings() });
    api.script(routed, { content: 'NO_ANSWER' });
    const result = await h.say(ASTRID, 'can I return sale items bought with a gift card?', { threadId: 'model-4' });
    expect(h.text(result)).toContain("I don't have an article on that");
    expect(result.meta).toMatchObject({ article: null, automated: false, kbModel: 'no_answer' });
  });

  it('no relevant section: the model is not asked to write anything', async () => {
    h = createHarness({ model: settings() });
    api.script(routed);
    const result = await h.say(ASTRID, 'what are the opening hours of your shop in Malmö?', { threadId: 'model-5' });
    expect(h.text(result)).toContain("I don't have an article on that");
    expect(api.requests).toHaveLength(1);
  });

  it('a failing model leaves the quoted article: no message is lost', async () => {
    h = createHarness({ model: settings() });
    api.script(routed, { status: 500 });
    const result = await h.say(ASTRID, 'can I return sale items?', { threadId: 'model-6' });
    expect(h.text(result)).toContain('Sale items can be returned within the same 30 days');
    expect(result.meta).toMatchObject({ kbModel: 'failed' });
  });
});
