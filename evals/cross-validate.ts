/**
 * Stratified k-fold cross-validation: every fold holds about the same share of
 * each label, so rare intents are tested in every fold.
 */
import { seededRandom, shuffleInPlace } from '../agents/models/offline/random.ts';
import type { IntentClassifier, LabelledExample } from '../agents/models/offline/classifier.ts';

/** Assigns each example a fold in [0, folds): labels are shuffled (seeded) then dealt round-robin. */
export function stratifiedFolds(labels: readonly string[], folds: number, seed = 1): Int32Array {
  if (!Number.isInteger(folds) || folds < 2) throw new RangeError(`folds must be an integer of at least 2, got ${folds}`);
  if (folds > labels.length) throw new RangeError(`folds (${folds}) cannot exceed the number of examples (${labels.length})`);
  const byLabel = new Map<string, number[]>();
  labels.forEach((label, index) => {
    const bucket = byLabel.get(label);
    if (bucket) bucket.push(index);
    else byLabel.set(label, [index]);
  });
  const assignment = new Int32Array(labels.length);
  const random = seededRandom(seed);
  // Continue dealing where the previous label stopped, so small labels do not all land in fold 0.
  let next = 0;
  for (const label of [...byLabel.keys()].sort()) {
    const indices = byLabel.get(label)!;
    shuffleInPlace(indices, random);
    for (const index of indices) {
      assignment[index] = next;
      next = (next + 1) % folds;
    }
  }
  return assignment;
}

export interface CrossValidationOptions {
  folds: number;
  seed?: number;
  /** Trains one model on a fold's training part. */
  train: (examples: LabelledExample[]) => IntentClassifier;
  /** Called after each fold, e.g. for a progress bar. */
  onFold?: (done: number, total: number) => void;
}

export interface CrossValidationResult {
  /** The held-out prediction for every example, in input order. */
  predicted: string[];
  /** The model's confidence in each held-out prediction. */
  confidence: number[];
  /** Accuracy of each fold on its own held-out part. */
  foldAccuracy: number[];
  /** Training time of each fold, in milliseconds. */
  foldTrainMs: number[];
}

/** Trains on k-1 folds and predicts the held-out fold, k times. */
export function crossValidate(examples: readonly LabelledExample[], options: CrossValidationOptions): CrossValidationResult {
  const assignment = stratifiedFolds(examples.map((example) => example.label), options.folds, options.seed);
  const predicted: string[] = new Array<string>(examples.length).fill('');
  const confidence: number[] = new Array<number>(examples.length).fill(0);
  const foldAccuracy: number[] = [];
  const foldTrainMs: number[] = [];
  for (let fold = 0; fold < options.folds; fold++) {
    const training = examples.filter((_, index) => assignment[index] !== fold);
    const started = performance.now();
    const model = options.train(training);
    foldTrainMs.push(performance.now() - started);
    let correct = 0;
    let total = 0;
    examples.forEach((example, index) => {
      if (assignment[index] !== fold) return;
      const { label, confidence: sure } = model.classify(example.text);
      predicted[index] = label;
      confidence[index] = sure;
      total++;
      if (label === example.label) correct++;
    });
    foldAccuracy.push(total === 0 ? 0 : correct / total);
    options.onFold?.(fold + 1, options.folds);
  }
  return { predicted, confidence, foldAccuracy, foldTrainMs };
}
