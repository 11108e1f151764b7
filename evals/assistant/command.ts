/**
 * `npm run eval` (assistant mode): runs the message and scenario datasets
 * through the whole gateway pipeline, prints the summary table, writes the
 * JSON + HTML report and exits 1 when a metric misses its threshold. With
 * `LANGSMITH_API_KEY` set the run is also a LangSmith experiment.
 */
import { parseArgs } from 'node:util';
import { GatewayError } from '../../src/errors.ts';
import { DATASET_VERSION, readMessages, readScenarios, SPLITS, type Split } from '../datasets/schema.ts';
import { datasetName, runLangsmithEval, type EvalInput } from '../langsmith.ts';
import { renderHtml } from '../report/html.ts';
import { buildReport, latestReport, writeReport } from '../report/report.ts';
import { resolveConfiguration, type EvalConfiguration } from './configs.ts';
import { runAssistantEval } from './runner.ts';
import { summarize, type EvalSummary } from './summary.ts';
import { formatComparison, formatSplits, formatSummary, formatTranscripts, progressBar } from './terminal.ts';
import { checkThresholds, readThresholds, THRESHOLDS_FILE } from './thresholds.ts';
import type { CaseRecord } from './types.ts';
import { openStore } from '../../src/store/open.ts';
import { reportStoreFor } from '../../src/reports/index.ts';
import { ReportRecorder } from '../../src/reports/recorder.ts';
import { DEFAULT_RULES } from '../../src/reports/types.ts';

export const DATASETS_DIR = new URL('../datasets/', import.meta.url).pathname;
export const REPORTS_DIR = new URL('../reports/', import.meta.url).pathname;

export const ASSISTANT_USAGE = `usage: npm run eval [-- options]       evaluate the assistant end to end (default)
  --split dev|test            run one split (default: both, side by side; thresholds apply to test)
  --only messages|scenarios   run one kind of case (--only knowledge: only the knowledge base's retrieval and faithfulness)
  --transcripts               print each scenario as a conversation, with what went wrong
  --config NAME               a configuration of evals/configs.json (offline, tiered, openai) or a router model file
  --model PATH                evaluate with this offline router model (npm run train --out PATH)
  --compare A B               run two configurations side by side (on the test split)
  --report-dir DIR            where reports go (default evals/reports)
  --no-report                 print only; write no report
  --messages FILE, --scenarios FILE   your own dataset files instead of the splits (thresholds apply to them)
  --thresholds FILE           another thresholds file
  --store DATABASE_URL        also write every case's conversation into this store's reports, as eval runs
                              (then DATABASE_URL=... npm start shows them on /console/reports, labelled)
With LANGSMITH_API_KEY set, runs are also LangSmith experiments. Exit 1 when a metric misses its threshold.`;

/** The files of one split. */
export const splitFiles = (split: Split) => ({ messages: `${DATASETS_DIR}${split}/messages.jsonl`, scenarios: `${DATASETS_DIR}${split}/scenarios.jsonl` });

/** Where output goes; the CLI passes the process's. */
export interface AssistantCliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  progress: boolean;
  env: NodeJS.ProcessEnv;
}

/** One set of cases to run and summarize on its own: a split, or the files given on the command line. */
interface SplitRun {
  name: string;
  inputs: EvalInput[];
}

async function runOnce(configuration: EvalConfiguration, run: SplitRun, io: AssistantCliIo, reports?: ReportRecorder): Promise<CaseRecord[]> {
  const { inputs } = run;
  const onProgress = io.progress ? progressBar(io.stderr, `${configuration.name} ${run.name}`) : undefined;
  if (io.env.LANGSMITH_API_KEY) {
    io.stderr(`LangSmith: running ${run.name} as an experiment (dataset v${DATASET_VERSION})\n`);
    const { records, experiment } = await runLangsmithEval(configuration, inputs, { upload: true, datasetName: datasetName(run.name) });
    io.stdout(`LangSmith experiment: ${experiment}\n`);
    return records;
  }
  return runAssistantEval({
    config: configuration.config,
    classifier: configuration.classifier,
    messages: inputs.flatMap((input) => (input.kind === 'message' ? [input.row] : [])),
    scenarios: inputs.flatMap((input) => (input.kind === 'scenario' ? [input.row] : [])),
    ...(onProgress ? { onProgress } : {}),
    ...(reports ? { reports } : {}),
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
        split: { type: 'string' },
        transcripts: { type: 'boolean' },
        config: { type: 'string' },
        model: { type: 'string' },
        compare: { type: 'string' },
        'report-dir': { type: 'string' },
        'no-report': { type: 'boolean' },
        messages: { type: 'string' },
        scenarios: { type: 'string' },
        thresholds: { type: 'string' },
        store: { type: 'string' },
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
  if (values.split !== undefined && !(SPLITS as readonly string[]).includes(values.split)) {
    io.stderr(`--split takes ${SPLITS.join(' or ')} (got ${values.split})\n`);
    return 2;
  }
  try {
    const load = (files: { messages?: string; scenarios?: string }): EvalInput[] => [
      ...(values.only === 'scenarios' || !files.messages ? [] : readMessages(files.messages).map((row) => ({ kind: 'message' as const, row }))),
      ...(values.only === 'messages' || !files.scenarios ? [] : readScenarios(files.scenarios).map((row) => ({ kind: 'scenario' as const, row }))),
    ];
    const custom = values.messages !== undefined || values.scenarios !== undefined;
    const runs: SplitRun[] = custom
      ? [{ name: 'custom', inputs: load({ messages: values.messages, scenarios: values.scenarios }) }]
      : (values.split ? [values.split as Split] : compare ? ['test' as const] : SPLITS).map((split) => ({ name: split, inputs: load(splitFiles(split)) }));
    const thresholds = readThresholds(values.thresholds ?? THRESHOLDS_FILE);
    const modelOption = values.model ? { modelPath: values.model } : {};
    if (compare) {
      const summaries: EvalSummary[] = [];
      for (const name of compare as [string, string]) summaries.push(summarize(await runOnce(resolveConfiguration(name, io.env, modelOption), runs[0]!, io)));
      io.stdout(`${formatComparison(compare as [string, string], summaries as [EvalSummary, EvalSummary])}\n`);
      return 0;
    }
    const configuration = resolveConfiguration(values.config ?? 'offline', io.env, modelOption);
    const summaries = new Map<string, EvalSummary>();
    const reportsStore = values.store ? await openStore(values.store) : undefined;
    const reports = reportsStore ? new ReportRecorder(reportStoreFor(reportsStore), DEFAULT_RULES) : undefined;
    if (reportsStore && io.env.LANGSMITH_API_KEY) io.stderr('--store: runs made through LangSmith are not written to the store\n');
    try {
      for (const run of runs) {
        const records = await runOnce(configuration, run, io, reports);
        if (values.transcripts) io.stdout(`${formatTranscripts(records, run.name)}\n\n`);
        summaries.set(run.name, summarize(records));
      }
    } finally {
      await reportsStore?.close();
    }
    if (values.store) io.stdout(`eval runs written to the reports of ${values.store.replace(/\/\/[^@]*@/, '//***@')} (source: eval)\n`);
    // Thresholds judge the held-out split (or the files given); dev is shown beside it, never judged.
    const judged = runs.find((run) => run.name !== 'dev')?.name;
    const summary = judged ? summaries.get(judged)! : undefined;
    const checks = summary ? checkThresholds(summary.metrics, thresholds, summary.unmeasured) : [];
    const title = `assistant eval: ${configuration.name}${configuration.modelPath ? ` (model ${configuration.modelPath})` : ''}`;
    io.stdout(`${runs.length > 1 ? formatSplits(summaries, checks, title) : formatSummary(summaries.get(runs[0]!.name)!, checks, `${title}, ${runs[0]!.name}`)}\n`);
    if (!values['no-report'] && summary && judged) {
      const dir = values['report-dir'] ?? REPORTS_DIR;
      const previous = latestReport(dir);
      const dev = summaries.get('dev');
      const report = buildReport(summary, {
        configuration: configuration.name,
        ...(configuration.modelPath ? { model: configuration.modelPath } : {}),
        datasetVersion: DATASET_VERSION,
        thresholds: checks,
        split: judged,
        ...(dev ? { dev } : {}),
      });
      const paths = writeReport(dir, report, renderHtml(report, previous));
      io.stdout(`\nreport: ${paths.html}\n        ${paths.json}\n`);
    }
    if (!summary) {
      io.stdout('\ndev only: thresholds apply to the test split\n');
      return 0;
    }
    const failed = checks.filter((check) => !check.passed);
    if (failed.length) {
      io.stderr(`\nFAILED on ${judged}: ${failed.map((check) => `${check.metric} ${check.value} ${check.kind === 'min' ? '<' : '>'} ${check.limit}`).join('; ')}\n`);
      return 1;
    }
    io.stdout(`\nall thresholds met on ${judged}\n`);
    return 0;
  } catch (error) {
    io.stderr(error instanceof GatewayError ? `error: ${error.message}\n` : `error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
