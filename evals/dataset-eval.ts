/**
 * Evaluates the offline intent classifier on a labelled dataset: either a saved
 * model on the whole file, or k-fold cross-validation of training on the file.
 */
import { FILE_TRAINING, trainClassifier, type IntentClassifier, type LabelledExample, type TrainOptions } from '../agents/models/offline/classifier.ts';
import { crossValidate } from './cross-validate.ts';
import { computeMetrics, mostConfusedPairs, type ClassificationMetrics } from './metrics.ts';

export interface DatasetEvalReport {
  mode: 'model' | 'cross-validation';
  dataset: string;
  /** The model file, in `model` mode. */
  model?: string;
  folds?: number;
  foldAccuracy?: number[];
  /** Mean training time per fold, in milliseconds. */
  meanTrainMs?: number;
  /** Wall time of the whole evaluation, in milliseconds. */
  elapsedMs: number;
  metrics: ClassificationMetrics;
  /** How well the confidences match how often the model is right. */
  calibration: Calibration;
}

/** Expected calibration error over equal-width confidence bins, and the mean confidence against the accuracy. */
export interface Calibration {
  expectedCalibrationError: number;
  meanConfidence: number;
  accuracy: number;
}

/** ECE: the gap between confidence and accuracy in each of `bins` confidence bins, weighted by the bin's share. */
export function calibration(confidences: readonly number[], correct: readonly boolean[], bins = 15): Calibration {
  const count = new Array<number>(bins).fill(0);
  const sure = new Array<number>(bins).fill(0);
  const right = new Array<number>(bins).fill(0);
  confidences.forEach((value, i) => {
    const bin = Math.min(bins - 1, Math.floor(value * bins));
    count[bin]!++;
    sure[bin]! += value;
    if (correct[i]) right[bin]!++;
  });
  const total = confidences.length || 1;
  const error = count.reduce((sum, n, bin) => (n === 0 ? sum : sum + (n / total) * Math.abs(sure[bin]! / n - right[bin]! / n)), 0);
  return {
    expectedCalibrationError: error,
    meanConfidence: confidences.reduce((sum, value) => sum + value, 0) / total,
    accuracy: correct.filter(Boolean).length / total,
  };
}

/** Classifies every example with a trained model. */
export function evaluateModel(
  model: IntentClassifier,
  examples: readonly LabelledExample[],
  names: { dataset: string; model: string },
): DatasetEvalReport {
  const started = performance.now();
  const results = examples.map((example) => model.classify(example.text));
  const metrics = computeMetrics(
    examples.map((example) => example.label),
    results.map((result) => result.label),
  );
  const calibrated = calibration(results.map((result) => result.confidence), results.map((result, i) => result.label === examples[i]!.label));
  return { mode: 'model', dataset: names.dataset, model: names.model, elapsedMs: performance.now() - started, metrics, calibration: calibrated };
}

export interface CrossValidateDatasetOptions {
  folds: number;
  seed?: number;
  /** Default: {@link FILE_TRAINING}, as `npm run train -- --data` trains. */
  trainOptions?: TrainOptions;
  onFold?: (done: number, total: number) => void;
}

/** Stratified k-fold cross-validation of {@link trainClassifier} on the examples. */
export function crossValidateDataset(
  examples: readonly LabelledExample[],
  dataset: string,
  options: CrossValidateDatasetOptions,
): DatasetEvalReport {
  const started = performance.now();
  const result = crossValidate(examples, {
    folds: options.folds,
    seed: options.seed,
    train: (training) => trainClassifier(training, options.trainOptions ?? FILE_TRAINING),
    onFold: options.onFold,
  });
  const metrics = computeMetrics(
    examples.map((example) => example.label),
    result.predicted,
  );
  const meanTrainMs = result.foldTrainMs.reduce((sum, ms) => sum + ms, 0) / result.foldTrainMs.length;
  return {
    mode: 'cross-validation',
    dataset,
    folds: options.folds,
    foldAccuracy: result.foldAccuracy,
    meanTrainMs,
    elapsedMs: performance.now() - started,
    metrics,
    calibration: calibration(result.confidence, result.predicted.map((label, i) => label === examples[i]!.label)),
  };
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

/** The human-readable report: accuracy, macro-F1, the worst classes, the most confused pairs. */
export function formatReport(report: DatasetEvalReport, limits = { worstClasses: 10, confusedPairs: 10 }): string {
  const { metrics } = report;
  const lines: string[] = [];
  const source = report.mode === 'model' ? `model ${report.model}` : `${report.folds}-fold stratified cross-validation`;
  lines.push(`dataset: ${report.dataset} (${metrics.total} examples, ${metrics.labels.length} labels), ${source}`);
  lines.push(`accuracy: ${percent(metrics.accuracy)}`);
  lines.push(`macro-F1: ${metrics.macroF1.toFixed(3)}`);
  const { expectedCalibrationError, meanConfidence } = report.calibration;
  lines.push(`calibration: mean confidence ${percent(meanConfidence)} against accuracy ${percent(metrics.accuracy)}, expected calibration error ${expectedCalibrationError.toFixed(3)}`);
  if (report.foldAccuracy) {
    lines.push(`fold accuracy: ${report.foldAccuracy.map(percent).join(', ')}`);
    lines.push(`mean training time per fold: ${((report.meanTrainMs ?? 0) / 1000).toFixed(1)} s`);
  }
  lines.push(`elapsed: ${(report.elapsedMs / 1000).toFixed(1)} s`);

  const worst = [...metrics.perClass]
    .filter((row) => row.support > 0)
    .sort((a, b) => a.f1 - b.f1 || a.label.localeCompare(b.label))
    .slice(0, limits.worstClasses);
  if (worst.length > 0) {
    lines.push('', `worst classes (by F1):`);
    const width = Math.max(5, ...worst.map((row) => row.label.length));
    lines.push(`  ${'label'.padEnd(width)}  precision  recall     F1  support`);
    for (const row of worst) {
      lines.push(
        `  ${row.label.padEnd(width)}  ${row.precision.toFixed(3).padStart(9)}  ${row.recall.toFixed(3).padStart(6)}  ${row.f1.toFixed(3).padStart(5)}  ${String(row.support).padStart(7)}`,
      );
    }
  }

  lines.push('');
  if (metrics.labels.length <= 8) {
    // Small label sets: the whole matrix fits on a screen.
    const width = Math.max(6, ...metrics.labels.map((label) => label.length));
    lines.push('confusion matrix (rows: actual, columns: predicted):');
    lines.push(`  ${''.padEnd(width)}  ${metrics.labels.map((label) => label.padStart(width)).join('  ')}`);
    metrics.confusion.forEach((row, i) => {
      lines.push(`  ${metrics.labels[i]!.padEnd(width)}  ${row.map((count) => String(count).padStart(width)).join('  ')}`);
    });
  } else {
    const pairs = mostConfusedPairs(metrics, limits.confusedPairs);
    lines.push(`most confused pairs (actual -> predicted):${pairs.length === 0 ? ' none' : ''}`);
    for (const pair of pairs) lines.push(`  ${String(pair.count).padStart(4)}  ${pair.actual} -> ${pair.predicted}`);
  }
  return lines.join('\n');
}

/** The report as JSON, with the full confusion matrix. */
export function reportToJson(report: DatasetEvalReport): unknown {
  return { ...report, mostConfused: mostConfusedPairs(report.metrics, 50) };
}
