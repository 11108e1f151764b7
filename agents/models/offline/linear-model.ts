/**
 * Multinomial logistic regression trained with SGD on sparse vectors.
 * Softmax outputs are probabilities, which is what callers read as confidence.
 */
import type { SparseVector } from './features.ts';
import type { SparseRows } from './quantize.ts';
import { seededRandom, shuffleInPlace } from './random.ts';

/** Dense weights laid out feature-major: the weights of feature f are `weights[f*classes .. f*classes+classes)`. */
export interface LinearWeights {
  features: number;
  classes: number;
  weights: Float32Array;
  bias: Float32Array;
}

export interface SgdOptions {
  epochs: number;
  seed: number;
  /** Initial step size; it decays as 1 / (1 + rate * l2 * step). */
  learningRate: number;
  /** L2 penalty per example. */
  l2: number;
}

// Classes whose gradient is below this are skipped: once the model fits, most are.
const GRADIENT_FLOOR = 1e-5;

/** Trains softmax regression. `targets[i]` is the class index of `vectors[i]`. */
export function trainSoftmaxRegression(
  vectors: readonly SparseVector[],
  targets: Int32Array,
  features: number,
  classes: number,
  options: SgdOptions,
): LinearWeights {
  const weights = new Float64Array(features * classes);
  const bias = new Float64Array(classes);
  const scores = new Float64Array(classes);
  const active = new Int32Array(classes);
  const order = Int32Array.from(vectors.keys());
  const random = seededRandom(options.seed);
  // weights are stored divided by `scale`, so the L2 shrink of every weight is one multiplication.
  let scale = 1;
  let step = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffleInPlace(order, random);
    for (const row of order) {
      const rate = options.learningRate / (1 + options.learningRate * options.l2 * step++);
      const { indices, values } = vectors[row]!;
      scores.set(bias);
      for (let j = 0; j < indices.length; j++) {
        const base = indices[j]! * classes;
        const value = values[j]! * scale;
        for (let k = 0; k < classes; k++) scores[k]! += value * weights[base + k]!;
      }
      softmaxInPlace(scores);
      scores[targets[row]!]! -= 1; // now the gradient of the log loss with respect to the scores
      let activeCount = 0;
      for (let k = 0; k < classes; k++) {
        const gradient = scores[k]!;
        if (gradient > GRADIENT_FLOOR || gradient < -GRADIENT_FLOOR) active[activeCount++] = k;
        bias[k]! -= rate * gradient;
      }
      scale *= 1 - rate * options.l2;
      const stepSize = rate / scale;
      for (let j = 0; j < indices.length; j++) {
        const base = indices[j]! * classes;
        const value = values[j]! * stepSize;
        for (let a = 0; a < activeCount; a++) {
          const k = active[a]!;
          weights[base + k]! -= value * scores[k]!;
        }
      }
      if (scale < 1e-6) {
        for (let i = 0; i < weights.length; i++) weights[i]! *= scale;
        scale = 1;
      }
    }
  }
  const finalWeights = new Float32Array(weights.length);
  for (let i = 0; i < weights.length; i++) finalWeights[i] = weights[i]! * scale;
  return { features, classes, weights: finalWeights, bias: Float32Array.from(bias) };
}

/** Writes `bias + W·x` into `out` (length = number of classes) for row-compressed weights. */
export function sparseScores(weights: SparseRows, bias: Float32Array, vector: SparseVector, out: Float64Array): void {
  out.set(bias);
  const { rowStart, columns, values } = weights;
  for (let j = 0; j < vector.indices.length; j++) {
    const row = vector.indices[j]!;
    const value = vector.values[j]!;
    const end = rowStart[row + 1]!;
    for (let at = rowStart[row]!; at < end; at++) out[columns[at]!]! += value * values[at]!;
  }
}

/** Turns scores into probabilities in place, stable for large scores. */
export function softmaxInPlace(scores: Float64Array): void {
  let max = -Infinity;
  for (let k = 0; k < scores.length; k++) if (scores[k]! > max) max = scores[k]!;
  let sum = 0;
  for (let k = 0; k < scores.length; k++) {
    const e = Math.exp(scores[k]! - max);
    scores[k] = e;
    sum += e;
  }
  for (let k = 0; k < scores.length; k++) scores[k]! /= sum;
}

