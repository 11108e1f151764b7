/**
 * `npm run eval` (assistant mode): runs the message and scenario datasets
 * through the whole gateway pipeline, prints the summary table, writes the
 * JSON + HTML report and exits 1 when a metric misses its threshold. With
 * `LANGSMITH_API_KEY` set the run is also a LangSmith experiment.
 */
import { parseArgs } from 'node:util';
import { GatewayError } from '../../src/errors.ts';
import { DATASET_VERSION, readMessages, readScenarios } from '../datasets/schema.ts';
import { runLangsmithEval, type EvalInput } from '../langsmith.ts';
import { renderHtml } from '../report/html.ts';
import { buildReport, latestReport, writeReport } from '../report/report.ts';
import { resolveConfiguration, type EvalConfiguration } from './configs.ts';
import { runAssistantEval } from './runner.ts';
import { summarize, type EvalSummary } from './summary.ts';
import { formatComparison, formatSummary, progressBar } from './terminal.ts';
import { checkThresholds, readThresholds, THRESHOLDS_FILE } from './thresholds.ts';
import type { CaseRecord } from './types.ts';

export const DATASETS_DIR = new URL('../datasets/', import.meta.url).pathname;
export const REPORTS_DIR = new URL('../reports/', import.meta.url).pathname;

export const ASSISTANT_USAGE = `usage: npm run eval [-- options]       evaluate the assistant end to end (default)
  --only messages|scenarios   run one dataset
  --config NAME               a configuration of evals/configs.json (offline, tiered, openai) or a router model file
  --model PATH                evaluate with this offline router model (npm run train --out PATH)
  --compare A B               run two configurations side by side
  --report-dir DIR            where reports go (default evals/reports)
  --no-report                 print only; write no report
  --messages FILE, --scenarios FILE, --thresholds FILE   other dataset or threshold files
With LANGSMITH_API_KEY set, runs are also LangSmith experiments. Exit 1 when a metric misses its threshold.`;

/** Where output goes; the CLI passes the process's. */
export interface AssistantCliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  progress: boolean;
  env: NodeJS.ProcessEnv;
}

async function runOnce(configuration: EvalConfiguration, inputs: EvalInput[], io: AssistantCliIo): Promise<CaseRecord[]> {
  const onProgress = io.progress ? progressBar(io.stderr, configuration.name) : undefined;
  if (io.env.LANGSMITH_API_KEY) {
    io.stderr(`LangSmith: running as an experiment (dataset v${DATASET_VERSION})\n`);
    const { records, experiment } = await runLangsmithEval(configuration, inputs, { upload: true });
    io.stdout(`LangSmith experiment: ${experiment}\n`);
    return records;
  }
  return runAssistantEval({
    config: configuration.config,
    classifier: configuration.classifier,
    messages: inputs.flatMap((input) => (input.kind === 'message' ? [input.row] : [])),
    scenarios: inputs.flatMap((input) => (input.kind === 'scenario' ? [input.row] : [])),
    ...(onProgress ? { onProgress } : {}),
  });
}

/** Runs the assistant eval and returns the exit code: 0 met, 1 below a threshold or failed, 2 bad arguments. */
export async function runAssistantCommand(argv: string[], io: AssistantCliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        only: { type: 'string' },
        config: { type: 'string' },
        model: { type: 'string' },
        compare: { type: 'string' },
        'report-dir': { type: 'string' },
        'no-report': { type: 'boolean' },
        messages: { type: 'string' },
        scenarios: { type: 'string' },
        thresholds: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    io.stderr(`${(error as Error).message}\n${ASSISTANT_USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(`${ASSISTANT_USAGE}\n`);
    return 0;
  }
  const compare = values.compare !== undefined ? [values.compare, positionals[0]] : undefined;
  if ((compare && (!compare[1] || positionals.length > 1)) || (!compare && positionals.length > 0)) {
    io.stderr(`${compare ? '--compare takes two configurations: --compare A B' : `unexpected argument ${positionals[0]}`}\n${ASSISTANT_USAGE}\n`);
    return 2;
  }
  if (values.only !== undefined && values.only !== 'messages' && values.only !== 'scenarios') {
    io.stderr(`--only takes messages or scenarios (got ${values.only})\n`);
    return 2;
  }
  try {
    const inputs: EvalInput[] = [
      ...(values.only === 'scenarios' ? [] : readMessages(values.messages ?? `${DATASETS_DIR}messages.jsonl`).map((row) => ({ kind: 'message' as const, row }))),
      ...(values.only === 'messages' ? [] : readScenarios(values.scenarios ?? `${DATASETS_DIR}scenarios.jsonl`).map((row) => ({ kind: 'scenario' as const, row }))),
    ];
    const thresholds = readThresholds(values.thresholds ?? THRESHOLDS_FILE);
    const modelOption = values.model ? { modelPath: values.model } : {};
    if (compare) {
      const summaries: EvalSummary[] = [];
      for (const name of compare as [string, string]) summaries.push(summarize(await runOnce(resolveConfiguration(name, io.env, modelOption), inputs, io)));
      io.stdout(`${formatComparison(compare as [string, string], summaries as [EvalSummary, EvalSummary])}\n`);
      return 0;
    }
    const configuration = resolveConfiguration(values.config ?? 'offline', io.env, modelOption);
    const summary = summarize(await runOnce(configuration, inputs, io));
    const checks = checkThresholds(summary.metrics, thresholds, summary.unmeasured);
    const title = `assistant eval: ${configuration.name}${configuration.modelPath ? ` (model ${configuration.modelPath})` : ''}`;
    io.stdout(`${formatSummary(summary, checks, title)}\n`);
    if (!values['no-report']) {
      const dir = values['report-dir'] ?? REPORTS_DIR;
      const previous = latestReport(dir);
      const report = buildReport(summary, { configuration: configuration.name, ...(configuration.modelPath ? { model: configuration.modelPath } : {}), datasetVersion: DATASET_VERSION, thresholds: checks });
      const paths = writeReport(dir, report, renderHtml(report, previous));
      io.stdout(`\nreport: ${paths.html}\n        ${paths.json}\n`);
    }
    const failed = checks.filter((check) => !check.passed);
    if (failed.length) {
      io.stderr(`\nFAILED: ${failed.map((check) => `${check.metric} ${check.value} ${check.kind === 'min' ? '<' : '>'} ${check.limit}`).join('; ')}\n`);
      return 1;
    }
    io.stdout('\nall thresholds met\n');
    return 0;
  } catch (error) {
    io.stderr(error instanceof GatewayError ? `error: ${error.message}\n` : `error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
