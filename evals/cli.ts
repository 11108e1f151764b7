/**
 * `npm run eval`: evaluation entry point. Without `--dataset` it evaluates the
 * whole assistant on the message and scenario datasets (see
 * `assistant/command.ts`); `--dataset FILE` evaluates the offline intent
 * classifier on a labelled file (a saved `--model`, or k-fold cross-validation
 * of training).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadClassifier } from '../agents/models/offline/classifier.ts';
import { GatewayError } from '../src/errors.ts';
import { readDataset } from './dataset.ts';
import { runAssistantCommand } from './assistant/command.ts';
import { crossValidateDataset, evaluateModel, formatReport, reportToJson, type DatasetEvalReport } from './dataset-eval.ts';
import type { CliIo } from './cli-io.ts';
import { runOutOfScopeCommand } from './out-of-scope.ts';
import { runKnowledgeCommand } from './knowledge/command.ts';

export const DATASET_USAGE = `usage: npm run eval -- --dataset FILE [--model MODEL] [--label-column NAME] [--folds K] [--json OUT]
  --dataset FILE       labelled CSV or JSONL (a text column and a label/intent/category column)
  --model MODEL        evaluate this saved model; without it, cross-validate training on FILE
  --label-column NAME  the label column, when it is not label, intent or category
  --folds K            cross-validation folds (default 5)
  --json OUT           also write the full report (with the confusion matrix) as JSON`;

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  progress: process.stderr.isTTY === true,
};

/** Runs the CLI and returns the exit code: 0 done, 1 failed, 2 bad arguments. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  if (argv.some((arg) => arg === '--out-of-scope' || arg.startsWith('--out-of-scope='))) return runOutOfScopeCommand(argv, io);
  if (!argv.includes('--dataset') && !argv.some((arg) => arg.startsWith('--dataset='))) {
    const only = argv.find((arg, index) => argv[index - 1] === '--only') ?? argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
    // The knowledge base's retrieval and faithfulness run after the assistant's cases (or alone with --only knowledge).
    if (only === 'knowledge') return runKnowledgeCommand(argv.filter((arg, index) => arg !== '--only' && argv[index - 1] !== '--only' && !arg.startsWith('--only=')), { ...io, env: process.env });
    const code = await runAssistantCommand(argv, { ...io, env: process.env });
    // Bad arguments: the other mode's usage too, since the person may have meant it.
    if (code === 2) io.stderr(`\nor: ${DATASET_USAGE}\n`);
    const custom = argv.some((arg) => /^--(messages|scenarios|help)\b|^-h$/.test(arg));
    if (code === 2 || only || custom) return code;
    return Math.max(code, await runKnowledgeCommand(argv, { ...io, env: process.env }));
  }
  return runDatasetEval(argv, io);
}

/** `--dataset` mode. */
export async function runDatasetEval(argv: string[], io: CliIo = processIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        dataset: { type: 'string' },
        model: { type: 'string' },
        'label-column': { type: 'string' },
        folds: { type: 'string' },
        json: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.stderr(`${(error as Error).message}\n${DATASET_USAGE}\n`);
    return 2;
  }
  const folds = values.folds === undefined ? 5 : Number(values.folds);
  if (!values.dataset || !Number.isInteger(folds) || folds < 2) {
    io.stderr(`${values.dataset ? `--folds must be an integer of at least 2, got ${values.folds}` : '--dataset needs a file'}\n${DATASET_USAGE}\n`);
    return 2;
  }
  try {
    const examples = readDataset(values.dataset, { labelColumn: values['label-column'] });
    let report: DatasetEvalReport;
    if (values.model) {
      report = evaluateModel(loadClassifier(values.model), examples, { dataset: values.dataset, model: values.model });
    } else {
      if (folds > examples.length) {
        io.stderr(`--folds ${folds} is more than the ${examples.length} examples in ${values.dataset}\n`);
        return 2;
      }
      const onFold = io.progress
        ? (done: number, total: number) => io.stderr(`\rcross-validation: fold ${done}/${total} done${done === total ? '\n' : ''}`)
        : undefined;
      report = crossValidateDataset(examples, values.dataset, { folds, onFold });
    }
    io.stdout(`${formatReport(report)}\n`);
    if (values.json) {
      mkdirSync(dirname(resolve(values.json)), { recursive: true });
      writeFileSync(values.json, `${JSON.stringify(reportToJson(report), null, 2)}\n`);
      io.stdout(`report written to ${values.json}\n`);
    }
    return 0;
  } catch (error) {
    // Dataset and model errors already name the file and line; anything else is unexpected.
    io.stderr(error instanceof GatewayError ? `error: ${error.message}\n` : `error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

// Run when executed directly (npx tsx evals/cli.ts), not when imported.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
