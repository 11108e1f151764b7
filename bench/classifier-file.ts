/**
 * Measures the offline classifier on a labelled file: training time, saved
 * model size and single-thread classifications per second, on the training
 * texts and, with `--texts`, on texts it never saw: the hidden layer runs only
 * where the linear model is unsure, which it is more often on unseen texts.
 * Run: `npx tsx bench/classifier-file.ts --data FILE [--texts FILE] [--label-column NAME]`.
 */
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { readDataset } from '../evals/dataset.ts';
import { FILE_TRAINING, loadClassifier, saveClassifier, trainClassifier, type IntentClassifier } from '../agents/models/offline/classifier.ts';

export interface BenchmarkResult {
  examples: number;
  labels: number;
  trainSeconds: number;
  modelBytes: number;
  loadMs: number;
  classificationsPerSecond: number;
  /** Classifications per second on the `--texts` file, when given. */
  unseenPerSecond?: number;
}

/** Classifications per second over `texts`, best of `rounds` timed passes after a warm-up pass. */
export function measureThroughput(model: IntentClassifier, texts: readonly string[], rounds = 3): number {
  for (const text of texts.slice(0, 2000)) model.classify(text);
  let best = 0;
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    for (const text of texts) model.classify(text);
    best = Math.max(best, texts.length / ((performance.now() - started) / 1000));
  }
  return best;
}

/** Trains on the file, saves to a temp dir, reloads, and times classification (also on `unseenFile`'s texts). */
export function benchmark(file: string, labelColumn?: string, unseenFile?: string): BenchmarkResult {
  const examples = readDataset(file, { labelColumn });
  const started = performance.now();
  const trained = trainClassifier(examples, FILE_TRAINING);
  const trainSeconds = (performance.now() - started) / 1000;
  const path = join(mkdtempSync(join(tmpdir(), 'offline-bench-')), 'model.json');
  saveClassifier(trained, path);
  const loadStarted = performance.now();
  const model = loadClassifier(path);
  const loadMs = performance.now() - loadStarted;
  return {
    examples: examples.length,
    labels: model.labels.length,
    trainSeconds,
    modelBytes: statSync(path).size,
    loadMs,
    classificationsPerSecond: measureThroughput(
      model,
      examples.map((example) => example.text),
    ),
    // Only the texts are read: their labels play no part.
    ...(unseenFile && { unseenPerSecond: measureThroughput(model, readDataset(unseenFile, { labelColumn }).map((example) => example.text)) }),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { data: { type: 'string' }, texts: { type: 'string' }, 'label-column': { type: 'string' } } });
  if (!values.data) {
    process.stderr.write('usage: npx tsx bench/classifier-file.ts --data FILE [--texts FILE] [--label-column NAME]\n');
    process.exitCode = 2;
  } else {
    const result = benchmark(values.data, values['label-column'], values.texts);
    process.stdout.write(
      [
        `examples: ${result.examples}, labels: ${result.labels}`,
        `training time: ${result.trainSeconds.toFixed(1)} s`,
        `model size: ${(result.modelBytes / 1024 / 1024).toFixed(2)} MB (load ${result.loadMs.toFixed(0)} ms)`,
        `classifications/s: ${Math.round(result.classificationsPerSecond)} (training texts, single thread, best of 3 passes)`,
        ...(result.unseenPerSecond === undefined ? [] : [`classifications/s: ${Math.round(result.unseenPerSecond)} (${values.texts}, unseen texts)`]),
      ].join('\n') + '\n',
    );
  }
}
