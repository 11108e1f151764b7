/**
 * The same datasets and evaluators through LangSmith's `evaluate()`. With
 * `LANGSMITH_API_KEY` set, the datasets are synced to LangSmith (once per
 * dataset version) and each run is an experiment there; without a key nothing
 * here is called, and nothing tries the network. `uploadRuns: false` runs the
 * whole path locally (the tests use it to prove the evaluators plug in).
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'langsmith';
import { evaluate, type EvaluatorT, type SummaryEvaluatorT } from 'langsmith/evaluation';
import type { Example } from 'langsmith/schemas';
import { DATASET_VERSION, type MessageCase, type ScenarioCase } from './datasets/schema.ts';
import type { EvalConfiguration } from './assistant/configs.ts';
import { judgeCase } from './assistant/evaluators.ts';
import { PipelineFactory, quietLogger } from './assistant/pipeline.ts';
import { runMessage, runScenario } from './assistant/runner.ts';
import { summarize } from './assistant/summary.ts';
import type { CaseRecord, CaseVerdict, TurnVerdict } from './assistant/types.ts';

/** One dataset row as a LangSmith example's inputs. */
export type EvalInput = { kind: 'message'; row: MessageCase } | { kind: 'scenario'; row: ScenarioCase };

/** The datasets as in-memory examples (for `uploadRuns: false`). */
export function toExamples(inputs: readonly EvalInput[], datasetId = 'switchboard-local'): Example[] {
  const now = new Date().toISOString();
  return inputs.map((input) => ({ id: randomUUID(), dataset_id: datasetId, inputs: input, outputs: {}, created_at: now, runs: [], metadata: { id: input.row.id, kind: input.kind } }));
}

/** The target: runs one row through the in-process gateway and returns its record. */
export function createTarget(configuration: EvalConfiguration) {
  const factory = new PipelineFactory({ config: configuration.config, classifier: configuration.classifier, logger: quietLogger });
  const target = async (input: EvalInput): Promise<{ record: CaseRecord }> => ({
    record: input.kind === 'message' ? await runMessage(factory, input.row) : await runScenario(factory, input.row),
  });
  return { target, dispose: () => factory.dispose() };
}

const recordOf = (outputs: Record<string, unknown> | undefined) => (outputs as { record?: CaseRecord } | undefined)?.record;

/** Share of a case's turns where `pick` holds, or null when no turn expects it. */
function share(verdict: CaseVerdict, pick: (turn: TurnVerdict) => boolean | undefined): number | null {
  const values = verdict.turns.map(pick).filter((value): value is boolean => value !== undefined);
  return values.length ? values.filter(Boolean).length / values.length : null;
}

/** Per-case feedback keys, each from the same judge the local runner uses. */
const CASE_SCORES: Record<string, (verdict: CaseVerdict) => number | null> = {
  route_correct: (verdict) => share(verdict, (turn) => turn.route),
  escalation_correct: (verdict) => share(verdict, (turn) => turn.escalation),
  language_match: (verdict) => share(verdict, (turn) => turn.language),
  tool_correct: (verdict) => share(verdict, (turn) => turn.tool),
  facts_present: (verdict) => share(verdict, (turn) => turn.facts),
  automated: (verdict) => (verdict.automated ? 1 : 0),
  passed: (verdict) => (verdict.passed ? 1 : 0),
};

/**
 * The row evaluators for `evaluate()`, as run evaluators: `evaluate()` wraps a plain function in
 * a traced run of its own, which without tracing only warns "Can not call 'on_end'" per row.
 */
export function langsmithEvaluators(): EvaluatorT[] {
  return Object.entries(CASE_SCORES).map(([key, score]) => ({
    async evaluateRun(run: { outputs?: Record<string, unknown> }) {
      const record = recordOf(run.outputs);
      return { key, score: record ? score(judgeCase(record)) : 0 };
    },
  }));
}

/** The experiment-level metrics (macro-F1, precision and recall need every row at once). */
export function langsmithSummaryEvaluators(): SummaryEvaluatorT[] {
  const summary = ({ outputs }: { outputs: Record<string, unknown>[] }) => {
    const records = outputs.map(recordOf).filter((record): record is CaseRecord => record !== undefined);
    const { metrics } = summarize(records);
    return {
      results: [
        { key: 'routing_accuracy', score: metrics.routingAccuracy },
        { key: 'routing_macro_f1', score: metrics.routingMacroF1 },
        { key: 'escalation_precision', score: metrics.escalationPrecision },
        { key: 'escalation_recall', score: metrics.escalationRecall },
        { key: 'language_match', score: metrics.languageMatch },
        { key: 'tool_correctness', score: metrics.toolCorrectness },
        { key: 'automation_rate', score: metrics.automationRate },
        { key: 'avg_turns_to_resolution', score: metrics.avgTurnsToResolution },
        { key: 'latency_p95_ms', score: metrics.latencyP95Ms },
      ],
    };
  };
  return [summary as SummaryEvaluatorT];
}

/** The LangSmith dataset name of this dataset version. */
export const datasetName = (split = 'test', version = DATASET_VERSION) => `switchboard-assistant-${split}-v${version}`;

/** Creates the dataset in LangSmith if this version is not there yet. */
export async function syncDataset(client: Client, inputs: readonly EvalInput[], name = datasetName()): Promise<string> {
  if (await client.hasDataset({ datasetName: name })) return name;
  const dataset = await client.createDataset(name, { description: `Switchboard assistant eval: evals/datasets/ (${name})` });
  await client.createExamples(inputs.map((input) => ({ inputs: input, reference_outputs: {}, metadata: { id: input.row.id, kind: input.kind }, dataset_id: dataset.id })));
  return name;
}

export interface LangsmithRunOptions {
  /** false: nothing leaves the process (examples in memory, runs not uploaded). */
  upload: boolean;
  client?: Client;
  experimentPrefix?: string;
  /** The LangSmith dataset to sync the rows to (default: the test split's). */
  datasetName?: string;
}

/** Runs the rows as a LangSmith experiment; returns the case records for the local report too. */
export async function runLangsmithEval(configuration: EvalConfiguration, inputs: readonly EvalInput[], options: LangsmithRunOptions): Promise<{ records: CaseRecord[]; experiment: string; summary: Record<string, number> }> {
  const { target, dispose } = createTarget(configuration);
  try {
    const client = options.upload ? (options.client ?? new Client()) : undefined;
    const data = client ? await syncDataset(client, inputs, options.datasetName) : toExamples(inputs);
    const results = await evaluate(target, {
      data,
      evaluators: langsmithEvaluators(),
      summaryEvaluators: langsmithSummaryEvaluators(),
      experimentPrefix: options.experimentPrefix ?? `switchboard-${configuration.name}`,
      metadata: { configuration: configuration.name, model: configuration.modelPath ?? 'shipped', datasetVersion: DATASET_VERSION },
      maxConcurrency: 1,
      ...(client ? { client } : { uploadRuns: false }),
    });
    const records = results.results.map((row) => recordOf(row.run.outputs)).filter((record): record is CaseRecord => record !== undefined);
    const summary = Object.fromEntries(results.summaryResults.results.map((result) => [result.key, Number(result.score ?? 0)]));
    return { records, experiment: results.experimentName, summary };
  } finally {
    dispose();
  }
}
