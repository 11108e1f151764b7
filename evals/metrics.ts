/**
 * Classification metrics from gold and predicted labels: accuracy, per-class
 * precision / recall / F1, macro-F1 and the confusion matrix.
 */

export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** How many examples truly have this label. */
  support: number;
}

export interface ConfusedPair {
  actual: string;
  predicted: string;
  count: number;
}

export interface ClassificationMetrics {
  total: number;
  correct: number;
  accuracy: number;
  /** Unweighted mean of the per-class F1 over labels present in gold or predictions. */
  macroF1: number;
  perClass: ClassMetrics[];
  /** Row and column names of `confusion`. */
  labels: string[];
  /** `confusion[i][j]`: examples of `labels[i]` predicted as `labels[j]`. */
  confusion: number[][];
}

// 0/0 counts as 0, as scikit-learn does with zero_division=0.
const ratio = (numerator: number, denominator: number) => (denominator === 0 ? 0 : numerator / denominator);

/** Computes the metrics; `gold` and `predicted` are parallel arrays. */
export function computeMetrics(gold: readonly string[], predicted: readonly string[]): ClassificationMetrics {
  if (gold.length !== predicted.length) {
    throw new RangeError(`gold has ${gold.length} labels but predicted has ${predicted.length}`);
  }
  const labels = [...new Set([...gold, ...predicted])].sort();
  const index = new Map(labels.map((label, i) => [label, i]));
  const confusion = labels.map(() => new Array<number>(labels.length).fill(0));
  let correct = 0;
  gold.forEach((actual, i) => {
    const guess = predicted[i]!;
    confusion[index.get(actual)!]![index.get(guess)!]! += 1;
    if (actual === guess) correct++;
  });
  const perClass = labels.map((label, i) => {
    const truePositives = confusion[i]![i]!;
    const support = confusion[i]!.reduce((sum, count) => sum + count, 0);
    const predictedCount = confusion.reduce((sum, row) => sum + row[i]!, 0);
    const precision = ratio(truePositives, predictedCount);
    const recall = ratio(truePositives, support);
    return { label, precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  });
  const macroF1 = ratio(
    perClass.reduce((sum, metrics) => sum + metrics.f1, 0),
    perClass.length,
  );
  return { total: gold.length, correct, accuracy: ratio(correct, gold.length), macroF1, perClass, labels, confusion };
}

/** Off-diagonal cells of the confusion matrix, largest first (ties by label names). */
export function mostConfusedPairs(metrics: ClassificationMetrics, limit = 10): ConfusedPair[] {
  const pairs: ConfusedPair[] = [];
  metrics.confusion.forEach((row, i) =>
    row.forEach((count, j) => {
      if (i !== j && count > 0) pairs.push({ actual: metrics.labels[i]!, predicted: metrics.labels[j]!, count });
    }),
  );
  pairs.sort((a, b) => b.count - a.count || a.actual.localeCompare(b.actual) || a.predicted.localeCompare(b.predicted));
  return pairs.slice(0, limit);
}
