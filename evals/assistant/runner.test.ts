import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageCase, ScenarioCase } from '../datasets/schema.ts';
import { runLangsmithEval } from '../langsmith.ts';
import { main } from '../cli.ts';
import { resolveConfiguration } from './configs.ts';
import { runAssistantEval } from './runner.ts';
import { summarize } from './summary.ts';
import type { CaseRecord } from './types.ts';

const ASTRID = '+46701234567';
const MESSAGES: MessageCase[] = [
  { version: 1, id: 't-1', text: 'I sent my trail shoes back, where is the refund?', lang: 'en', customer: ASTRID, route: 'refunds', intent: 'refund_status', escalate: false, tool: { name: 'get_refund_status', args: { orderId: '1042' } }, facts: ['1042', '1 299,00 kr'] },
  { version: 1, id: 't-2', text: 'Någon har stulit mitt kort på bussen', lang: 'sv', customer: ASTRID, route: 'disputes', intent: 'stolen_card', escalate: true, tool: { name: 'freeze_card' }, facts: ['4242'] },
];
const SCENARIOS: ScenarioCase[] = [
  {
    version: 1, id: 't-s1', title: 'asks for a person twice', customer: ASTRID, lang: 'en', outcome: 'escalated',
    turns: [
      { text: 'I want to talk to a real person please', expect: { intent: 'human_agent', escalate: true, lang: 'en' } },
      { text: 'Hello, is anybody from the team there yet?', expect: { escalate: false, waiting: true } },
    ],
  },
];

let records: CaseRecord[];
let dir: string;
const env = { ...process.env };
delete env.LANGSMITH_API_KEY;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'assistant-eval-'));
  const { config, classifier } = resolveConfiguration('offline', env);
  records = await runAssistantEval({ config, classifier, messages: MESSAGES, scenarios: SCENARIOS });
});

describe('the assistant eval runner', () => {
  it('runs each row through the gateway and records route, tools with their arguments, language and reply', () => {
    const [refund, stolen, twice] = records;
    expect(refund!.turns[0]!.observed).toMatchObject({ route: 'refunds', escalated: false, language: 'en' });
    expect(refund!.turns[0]!.observed.callArgs).toContain('1042');
    expect(refund!.turns[0]!.observed.reply).toContain('1042');
    expect(stolen!.turns[0]!.observed).toMatchObject({ escalated: true, escalationReason: 'stolen_card', language: 'sv' });
    // The second message lands on a thread a person already has.
    expect(twice!.turns.map((turn) => [turn.observed.escalated, turn.observed.waiting])).toEqual([[true, false], [false, true]]);
  });

  it('starts every case from a fresh database, so the same customer is frozen and escalated again', async () => {
    const { config, classifier } = resolveConfiguration('offline', env);
    const again = await runAssistantEval({ config, classifier, messages: [MESSAGES[1]!] });
    expect(again[0]!.turns[0]!.observed.reply).toContain('4242');
  });

  it('scores the tiny dataset: routing, escalation and automation', () => {
    const { metrics } = summarize(records);
    expect(metrics.routingAccuracy).toBe(1);
    expect(metrics.escalationRecall).toBe(1);
    expect(metrics.automationRate).toBeCloseTo(1 / 3);
  });

  it('plugs the same evaluators into langsmith evaluate() without a key or network (uploadRuns: false)', async () => {
    const configuration = resolveConfiguration('offline', env);
    const inputs = MESSAGES.map((row) => ({ kind: 'message' as const, row }));
    const { records: fromLangsmith, summary } = await runLangsmithEval(configuration, inputs, { upload: false });
    expect(fromLangsmith.map((record) => record.id).sort()).toEqual(['t-1', 't-2']);
    expect(summary.routing_accuracy).toBe(1);
    expect(summary.escalation_recall).toBe(1);
  });
});

describe('npm run eval (assistant mode) on a tiny dataset', () => {
  let stdout = '';
  let code = -1;
  let reportDir: string;

  beforeAll(async () => {
    reportDir = join(dir, 'reports');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'm.jsonl'), `${MESSAGES.map((row) => JSON.stringify(row)).join('\n')}\n`);
    writeFileSync(join(dir, 's.jsonl'), `${SCENARIOS.map((row) => JSON.stringify(row)).join('\n')}\n`);
    writeFileSync(join(dir, 'thresholds.json'), JSON.stringify({ min: { routingAccuracy: 0.9 }, max: {} }));
    const args = ['--messages', join(dir, 'm.jsonl'), '--scenarios', join(dir, 's.jsonl'), '--thresholds', join(dir, 'thresholds.json'), '--report-dir', reportDir];
    const io = { stdout: (text: string) => (stdout += text), stderr: () => {}, progress: false };
    await main(args, io);
    code = await main(args, io); // twice: the second report diffs against the first
  });

  afterAll(() => undefined);

  it('prints the summary table, writes JSON and HTML reports, and exits 0 when the thresholds are met', () => {
    expect(code).toBe(0);
    expect(stdout).toMatch(/routingAccuracy\s+100\.0%\s+>= 90\.0%\s+ok/);
    const files = readdirSync(reportDir);
    expect(files.filter((name) => name.endsWith('.json'))).toHaveLength(2);
    expect(files.filter((name) => name.endsWith('.html'))).toHaveLength(2);
  });

  it('draws the confusion matrix, the per-language and per-route bars and the diff in a self-contained page', () => {
    const newest = readdirSync(reportDir).filter((name) => name.endsWith('.html')).sort().at(-1)!;
    const html = readFileSync(join(reportDir, newest), 'utf8');
    expect(html).toContain('aria-label="Routing confusion matrix"');
    expect(html).toContain('aria-label="Per language"');
    expect(html).toContain('aria-label="Per route"');
    expect(html).toMatch(/previous run: \d{4}-/);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });
});
