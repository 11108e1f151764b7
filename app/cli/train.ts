/**
 * `npm run train`: retrains the router model that ships (`agents/models/offline/router-model.json`)
 * from `agents/models/offline/data/` and records its fingerprint.
 * `npm run train -- --data FILE [--out MODEL] [--label-column NAME]`: trains the
 * offline router's intent classifier on a labelled CSV/JSONL file and saves it.
 * Exit codes: 0 saved, 1 the data or output could not be read/written, 2 bad arguments.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { dataFingerprint, exampleFiles, FINGERPRINT_FILE, readExamples, trainShippedRouter } from '../../agents/models/offline/build-router.ts';
import { FILE_TRAINING, saveClassifier, trainClassifier, type LabelledExample } from '../../agents/models/offline/classifier.ts';
import { SHIPPED_ROUTER_MODEL } from '../../agents/models/offline/intent-router.ts';
import { readDataset } from '../../evals/dataset.ts';
import { GatewayError } from '../../src/errors.ts';

/** Where the model goes when `--out` and `OFFLINE_MODEL_PATH` are both absent. */
export const DEFAULT_MODEL_PATH = 'data/router-model.json';

export const TRAIN_USAGE = `usage: npm run train                 retrain the shipped router model from agents/models/offline/data/
       npm run train -- --data FILE [--out MODEL] [--label-column NAME]
  --data FILE          labelled CSV or JSONL (a text column and a label/intent/category column)
  --out MODEL          where to save the model (default: $OFFLINE_MODEL_PATH, else ${DEFAULT_MODEL_PATH})
  --label-column NAME  the label column, when it is not label, intent or category`;

export interface TrainCliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: TrainCliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/**
 * Runs the command and returns its exit code. Only `OFFLINE_MODEL_PATH` is read
 * from `env`: the full gateway configuration is not needed to train.
 */
export function main(argv: string[], env: NodeJS.ProcessEnv = process.env, io: TrainCliIo = processIo): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { data: { type: 'string' }, out: { type: 'string' }, 'label-column': { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.stderr(`${(error as Error).message}\n${TRAIN_USAGE}\n`);
    return 2;
  }
  if (!values.data && (values.out || values['label-column'])) {
    io.stderr(`--out and --label-column need --data\n${TRAIN_USAGE}\n`);
    return 2;
  }
  // Without --data: the shipped model, from the project's own training data.
  const shipped = !values.data;
  const out = shipped ? SHIPPED_ROUTER_MODEL : (values.out ?? (env.OFFLINE_MODEL_PATH?.trim() || DEFAULT_MODEL_PATH));
  const source = values.data ?? 'agents/models/offline/data/';
  let examples: LabelledExample[];
  try {
    examples = values.data ? readDataset(values.data, { labelColumn: values['label-column'] }) : exampleFiles().flatMap((file) => readExamples(file));
  } catch (error) {
    io.stderr(`error: ${(error as Error).message}\n`);
    return 1;
  }
  const started = performance.now();
  let model;
  try {
    model = shipped ? trainShippedRouter(examples) : trainClassifier(examples, FILE_TRAINING);
  } catch (error) {
    // e.g. a file with a single label: the data, not the program, is at fault.
    if (!(error instanceof GatewayError)) throw error;
    io.stderr(`error: ${source}: ${error.message}\n`);
    return 1;
  }
  const seconds = (performance.now() - started) / 1000;
  try {
    saveClassifier(model, out);
    if (shipped) writeFileSync(FINGERPRINT_FILE, `${dataFingerprint()}\n`);
  } catch (error) {
    io.stderr(`error: cannot save the model to ${out}: ${(error as Error).message}\n`);
    return 1;
  }
  io.stdout(
    [
      `examples: ${examples.length}`,
      `labels: ${model.labels.length} (${model.labels.slice(0, 10).join(', ')}${model.labels.length > 10 ? ', ...' : ''})`,
      `training time: ${seconds.toFixed(1)} s`,
      `saved to: ${out}`,
    ].join('\n') + '\n',
  );
  return 0;
}

// Run when executed directly (npx tsx app/cli/train.ts), not when imported.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
