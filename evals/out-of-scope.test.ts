import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './cli.ts';
import { judgeOutOfScope, readQuestions } from './out-of-scope.ts';
import type { ObservedTurn } from './assistant/types.ts';

const dir = mkdtempSync(join(tmpdir(), 'out-of-scope-'));
const observed = (overrides: Partial<ObservedTurn>): ObservedTurn => ({
  route: 'general', intent: 'out_of_scope', confidence: 0.9, escalated: false, waiting: false, tools: [], callArgs: [],
  language: 'en', reply: 'I can only help with payments, orders and your account.', choices: [], latencyMs: 5, failed: false, ...overrides,
});

describe('npm run eval -- --out-of-scope', () => {
  it('counts only a polite out-of-scope answer with no tool and no escalation as recognised', () => {
    expect(judgeOutOfScope(observed({}))).toBe('recognised');
    expect(judgeOutOfScope(observed({ intent: 'stolen_card', escalated: true }))).toBe('escalated');
    expect(judgeOutOfScope(observed({ intent: 'dispute_purchase', tools: ['list_orders'] }))).toBe('acted');
    expect(judgeOutOfScope(observed({ intent: 'policy_question' }))).toBe('answered_in_scope');
  });

  it("reads CLINC150's data_full.json by list name, and says which lists exist when the name is wrong", () => {
    const file = join(dir, 'data_full.json');
    writeFileSync(file, JSON.stringify({ oos_test: [['how tall is a giraffe', 'oos']], train: [['what is my balance', 'balance']] }));
    expect(readQuestions(file)).toEqual(['how tall is a giraffe']);
    expect(() => readQuestions(file, 'oos_tset')).toThrow(/no list named oos_tset \(there are: oos_test, train\)/);
  });

  it('sends each question through the gateway as a new unknown sender and reports the share recognised', async () => {
    const file = join(dir, 'questions.csv');
    writeFileSync(file, 'text\nwhat is the weather like in lisbon tomorrow\nhow do i bake a carrot cake\nwho painted the sistine chapel ceiling\n');
    let stdout = '';
    const code = await main(['--out-of-scope', file, '--show', '3'], { stdout: (text) => (stdout += text), stderr: () => {}, progress: false });
    expect(code).toBe(0);
    expect(stdout).toContain('(3 questions, each from a new sender with no customer record)');
    expect(stdout).toMatch(/recognised \(polite out-of-scope answer, no tool, no escalation\): 3 \(100\.0%\)/);
    expect(stdout).toMatch(/reached a tool:\s+0 \(0\.0%\)/);
  }, 60_000);
});
