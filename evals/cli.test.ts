import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { saveClassifier, trainClassifier } from '../agents/models/offline/classifier.ts';
import { MULTILINGUAL_EXAMPLES } from '../agents/models/offline/test-examples.ts';
import { main } from './cli.ts';
import { calibration } from './dataset-eval.ts';

const root = join(import.meta.dirname, '..');
// A child process starts tsx and compiles the CLI: slow on a busy machine, so these tests wait longer.
const CHILD_PROCESS_TIMEOUT = 120_000;

/** Runs the CLI in this process (fast) and collects its output. */
const runHere = async (args: string[]) => {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), progress: false });
  return { code, stdout, stderr };
};

/** Runs the CLI as a child process, as a user would. */
const run = async (args: string[]) => {
  try {
    // The tsx binary that `npx tsx` runs, without npx's own start-up.
    const { stdout, stderr } = await promisify(execFile)(join(root, 'node_modules', '.bin', 'tsx'), ['evals/cli.ts', ...args], {
      cwd: root,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
};

const csvField = (value: string) => `"${value.replace(/"/g, '""')}"`;
let dir: string;
let dataset: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'eval-cli-'));
  dataset = join(dir, 'intents.csv');
  const rows = MULTILINGUAL_EXAMPLES.map((example, i) => `${i},${csvField(example.text)},${example.label}`);
  writeFileSync(dataset, `id,text,intent\n${rows.join('\n')}\n`);
});

describe('calibration', () => {
  it('is zero when confidence matches how often the model is right, and large when it is overconfident', () => {
    expect(calibration([0.8, 0.8, 0.8, 0.8, 0.8], [true, true, true, true, false]).expectedCalibrationError).toBeCloseTo(0, 6);
    const over = calibration([0.99, 0.99, 0.99, 0.99], [true, false, false, false]);
    expect(over.expectedCalibrationError).toBeCloseTo(0.74, 6);
    expect(over).toMatchObject({ meanConfidence: 0.99, accuracy: 0.25 });
  });
});

describe('npm run eval -- --dataset', () => {
  it('cross-validates training on the file and prints accuracy, macro-F1 and the confusion matrix', async () => {
    const jsonOut = join(dir, 'report', 'cv.json');
    const result = await run(['--dataset', dataset, '--folds', '3', '--json', jsonOut]);
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^accuracy: \d{1,3}\.\d%$/m);
    expect(result.stdout).toMatch(/^macro-F1: [01]\.\d{3}$/m);
    expect(result.stdout).toMatch(/^calibration: mean confidence \d+\.\d% against accuracy \d+\.\d%, expected calibration error 0\.\d{3}$/m);
    expect(result.stdout).toMatch(/3-fold stratified cross-validation/);
    expect(result.stdout).toMatch(/worst classes/);
    expect(result.stdout).toMatch(/confusion matrix/);
    const report = JSON.parse(readFileSync(jsonOut, 'utf8'));
    expect(report.metrics.labels).toHaveLength(5);
    expect(report.metrics.confusion.flat().reduce((a: number, b: number) => a + b)).toBe(MULTILINGUAL_EXAMPLES.length);
  }, CHILD_PROCESS_TIMEOUT);

  it('evaluates a saved model on the file', async () => {
    const modelPath = join(dir, 'models', 'router.json');
    saveClassifier(trainClassifier(MULTILINGUAL_EXAMPLES), modelPath);
    const result = await runHere(['--dataset', dataset, '--model', modelPath]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`model ${modelPath}`);
    // The model has seen these very examples: it must get (nearly) all of them.
    const accuracy = Number(/^accuracy: (\d+\.\d)%$/m.exec(result.stdout)?.[1]);
    expect(accuracy).toBeGreaterThanOrEqual(95);
  });

  it('prints both usages, naming --dataset, and exits 2 on an unknown option', async () => {
    const result = await runHere(['--bogus']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--dataset');
    expect(result.stderr).toContain('--compare A B');
  });

  it('exits 1 with the file name when the dataset or model cannot be read', async () => {
    const missing = join(dir, 'missing.csv');
    const noData = await run(['--dataset', missing]);
    const noModel = await runHere(['--dataset', dataset, '--model', join(dir, 'no-model.json')]);
    expect(noData.code).toBe(1);
    expect(noData.stderr).toContain(`${missing}: cannot read the dataset (file not found)`);
    expect(noModel.code).toBe(1);
    expect(noModel.stderr).toContain('no-model.json');
  }, CHILD_PROCESS_TIMEOUT);
});
