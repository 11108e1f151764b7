/**
 * When the model is slow, rate-limited, broken or talks nonsense, the person
 * still gets an answer: the real ChatOpenAI client retries what is worth
 * retrying within the budget, then the offline router answers and the turn's
 * meta says so. No message is dropped.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelSettings } from '../../agents/index.ts';
import { ASTRID, createHarness, type Harness } from '../assistant/harness.ts';
import { startFakeOpenAIApi, type FakeOpenAIApi } from '../fakes/openai-api.ts';

let api: FakeOpenAIApi;
let h: Harness;
const warnings: { object: object; message?: string }[] = [];
const logger = { info: () => {}, warn: (object: object, message?: string) => void warnings.push({ object, message }) };

function assistantWith(overrides: Partial<ModelSettings> = {}): Harness {
  const model: ModelSettings = { mode: 'openai', apiKey: 'sk-test', model: 'gpt-test', baseUrl: api.url, timeoutMs: 5_000, maxRetries: 1, tieredConfidence: 0.7, ...overrides };
  return createHarness({ model, logger });
}

beforeEach(async () => {
  warnings.length = 0;
  api = await startFakeOpenAIApi();
});
afterEach(async () => {
  h?.close();
  await api.close();
});

describe('a failing model never drops a message', () => {
  it('429 with Retry-After: waits as told, then the model answers', async () => {
    h = assistantWith();
    api.script({ status: 429, retryAfterSeconds: 2 }, { toolCall: { intent: 'order_status', order_id: '1043' } });
    const result = await h.say(ASTRID, 'is 1043 on its way?');
    expect(result.meta).toMatchObject({ intent: 'order_status', decidedBy: 'llm', tools: ['get_order'] });
    expect(h.text(result)).toContain('Down jacket');
    expect(api.requests).toHaveLength(2);
    expect(api.requests[1]!.at - api.requests[0]!.at).toBeGreaterThanOrEqual(1_950);
  });

  it('500s: retried, then the offline router answers and meta says the model failed', async () => {
    h = assistantWith({ maxRetries: 1 });
    api.fallbackStep = { status: 500 };
    const result = await h.say(ASTRID, 'where is my order 1043');
    expect(api.requests).toHaveLength(2);
    expect(result.meta).toMatchObject({ intent: 'order_status', decidedBy: 'fallback', modelFallback: true, modelFailure: 'server_error', tools: ['get_order'] });
    expect(h.text(result)).toContain('Down jacket');
    expect(warnings.map((warning) => warning.object)).toContainEqual(expect.objectContaining({ failure: 'server_error' }));
  });

  it('a model slower than OPENAI_TIMEOUT_MS: the offline answer comes right after the timeout', async () => {
    h = assistantWith({ timeoutMs: 600, maxRetries: 2 });
    api.fallbackStep = { toolCall: { intent: 'greeting' }, delayMs: 5_000 };
    const started = performance.now();
    const result = await h.say(ASTRID, 'where is my order 1043');
    const elapsed = performance.now() - started;
    expect(result.meta).toMatchObject({ intent: 'order_status', decidedBy: 'fallback', modelFailure: 'timeout' });
    expect(h.text(result)).toContain('Down jacket');
    expect(elapsed).toBeGreaterThanOrEqual(600);
    // Well before the model's 5 s: the budget cut it off.
    expect(elapsed).toBeLessThan(4_500);
    // One attempt: the budget was spent on it, no retry outlives the turn.
    expect(api.requests).toHaveLength(1);
  });

  it('arguments outside the schema: the offline router answers', async () => {
    h = assistantWith();
    api.script({ toolCall: { intent: 'launch_rockets', order_id: '1043' } }, { toolCall: '{"intent": "order_status", ' });
    const invented = await h.say(ASTRID, 'where is my order 1043');
    expect(invented.meta).toMatchObject({ intent: 'order_status', decidedBy: 'fallback', modelFailure: 'invalid_output' });
    const broken = await h.say(ASTRID, 'where is my order 1043 now');
    expect(broken.meta).toMatchObject({ intent: 'order_status', decidedBy: 'fallback', modelFailure: 'invalid_output' });
    expect(h.text(broken)).toContain('Down jacket');
  });

  it('a model that is unsure in tiered mode and then fails leaves the unsure offline answer: a clarifying question', async () => {
    h = assistantWith({ mode: 'tiered', maxRetries: 0 });
    api.fallbackStep = { status: 503 };
    const result = await h.say(ASTRID, 'the payment thing');
    expect(api.requests).toHaveLength(1);
    expect(result.meta).toMatchObject({ decidedBy: 'fallback', modelFailure: 'server_error' });
    expect(result.replies[0]?.choices?.length).toBeGreaterThan(1);
  });
});
