import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { MessageCase, ScenarioCase } from '../../evals/datasets/schema.ts';
import { resolveConfiguration } from '../../evals/assistant/configs.ts';
import { runAssistantEval } from '../../evals/assistant/runner.ts';
import { reportStoreFor } from '../../src/reports/index.ts';
import { buildReport } from '../../src/reports/query.ts';
import { ReportRecorder } from '../../src/reports/recorder.ts';
import { DEFAULT_RULES } from '../../src/reports/types.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/*
 * `npm run eval -- --store URL`: the runner's cases become conversations in a store's reports,
 * as eval runs, through the same turn listener the gateway uses.
 */
const ASTRID = '+46701234567';
const MESSAGES: MessageCase[] = [{ version: 1, id: 'r-1', text: 'when is my next payment due?', lang: 'en', customer: ASTRID, route: 'payments', intent: 'payment_schedule', escalate: false }];
const SCENARIOS: ScenarioCase[] = [
  {
    version: 1, id: 'r-s1', title: 'asks for a person', customer: ASTRID, lang: 'en', outcome: 'escalated',
    turns: [
      { text: 'hello', expect: { escalate: false } },
      { text: 'I want to talk to a real person please', expect: { intent: 'human_agent', escalate: true, lang: 'en' } },
    ],
  },
];
const store = openSqliteStore(`sqlite:${join(tempDir(), 'reports.db')}`);
afterAll(async () => {
  await store.close();
});

describe('eval runs written into a store', () => {
  it('show on the report as eval runs: one conversation per case, the escalation with its reason', { timeout: 120_000 }, async () => {
    const env = { ...process.env };
    delete env.LANGSMITH_API_KEY;
    const { config, classifier } = resolveConfiguration('offline', env);
    const reports = reportStoreFor(store);
    await runAssistantEval({ config, classifier, messages: MESSAGES, scenarios: SCENARIOS, reports: new ReportRecorder(reports, DEFAULT_RULES) });
    const today = new Date().toISOString().slice(0, 10);
    const report = await buildReport(reports, { from: today, to: today });
    expect(report.data).toMatchObject({ shown: ['eval'], label: expect.stringContaining('Eval runs') });
    expect(report.totals).toMatchObject({ conversations: 2, messages: 3, automated: 1, escalated: 1 });
    expect(report.escalationReasons).toEqual([{ reason: 'requested_human', conversations: 1, share: 1 }]);
    expect(report.breakdowns.channel).toMatchObject([{ value: 'cli', conversations: 2 }]);
    expect(report.breakdowns.market).toMatchObject([{ value: 'SE', conversations: 2 }]);
  });
});
