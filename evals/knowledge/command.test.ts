/**
 * The knowledge part of `npm run eval` in model mode, against the local
 * chat-completions server: a model that makes up figures fails the
 * faithfulness threshold; one that keeps to the sections passes; two prompt
 * versions compare side by side.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenAIApi, type FakeOpenAIApi } from '../../test/fakes/openai-api.ts';
import { runKnowledgeCommand } from './command.ts';

let api: FakeOpenAIApi;
beforeEach(async () => {
  api = await startFakeOpenAIApi();
});
afterEach(() => api.close());

function capture() {
  const out = { stdout: '', stderr: '' };
  const env = { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: api.url, OPENAI_MAX_RETRIES: '0' };
  return { out, io: { stdout: (text: string) => void (out.stdout += text), stderr: (text: string) => void (out.stderr += text), env } };
}

describe('knowledge eval in model mode', () => {
  it('a model that makes up a fee fails faithfulness, and the made-up figure is shown', { timeout: 120_000 }, async () => {
    api.fallbackStep = { content: 'The fee for that is 99 kr [1].' };
    const { out, io } = capture();
    expect(await runKnowledgeCommand(['--config', 'openai', '--split', 'test'], io)).toBe(1);
    expect(out.stdout).toMatch(/faithfulness \(model\) +0\.000 +≥ 0\.95 FAILED/);
    expect(out.stdout).toMatch(/unfaithful \(test\) kb-\w+-\d+: states 99, which no cited section says/);
    expect(out.stderr).toContain('FAILED on test (knowledge base): faithfulness 0 < 0.95');
  });

  it('a model that keeps to the sections passes', { timeout: 120_000 }, async () => {
    api.fallbackStep = { content: 'Here is what the help center says about it [1].' };
    const { out, io } = capture();
    expect(await runKnowledgeCommand(['--config', 'openai', '--split', 'test'], io)).toBe(0);
    expect(out.stdout).toMatch(/faithfulness \(model\) +1\.000 +≥ 0\.95 ok/);
    expect(out.stdout).toContain('prompt kb-answer.v1');
  });

  it('--compare runs two prompt versions side by side', { timeout: 240_000 }, async () => {
    api.fallbackStep = { content: 'See the article [1].' };
    const { out, io } = capture();
    expect(await runKnowledgeCommand(['--compare', 'openai', 'openai-kb-v2'], io)).toBe(0);
    expect(out.stdout).toMatch(/knowledge base, test: openai vs openai-kb-v2/);
    const prompts = new Set(api.requests.map((request) => String(request.body.messages[0]?.content).split('\n')[0]));
    expect(prompts).toEqual(new Set(['You answer customers of a pay-later shopping service, using only the help-center sections given below.', 'You are the help-center assistant of a pay-later shopping service. Below are numbered sections from the company\'s own articles.']));
  });
});
