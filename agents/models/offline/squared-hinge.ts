/**
 * One-vs-rest linear SVMs (L2-regularised squared hinge loss) trained by dual
 * coordinate descent, the algorithm of LIBLINEAR (Hsieh et al., ICML 2008).
 * Its margins complement the softmax: the hinge ignores examples already on the
 * right side, so it spends its weights on the confusable ones. Deterministic for a seed.
 */
import type { SparseVector } from './features.ts';
import type { LinearWeights } from './linear-model.ts';
import { seededRandom, shuffleInPlace } from './random.ts';

export interface SquaredHingeOptions {
  /** The penalty C of misclassified margins (larger: less regularisation). */
  cost: number;
  /** Most passes over the data per class; fewer when the largest projected gradient falls under `tolerance`. */
  passes: number;
  tolerance: number;
  seed: number;
}

export const DEFAULT_SQUARED_HINGE: SquaredHingeOptions = { cost: 1, passes: 12, tolerance: 0.01, seed: 1 };

/**
 * Trains one binary SVM per class (the class against all others); the bias is
 * learnt as the weight of a constant feature 1. Returns the weights feature-major,
 * like {@link trainSoftmaxRegression}, so both combine into one linear model.
 */
export function trainSquaredHingeOneVsRest(
  vectors: readonly SparseVector[],
  targets: Int32Array,
  features: number,
  classes: number,
  options: Partial<SquaredHingeOptions> = {},
): LinearWeights {
  const { cost, passes, tolerance, seed } = { ...DEFAULT_SQUARED_HINGE, ...options };
  const diagonal = 1 / (2 * cost); // the squared hinge adds this to each example's self-product
  const selfProduct = Float64Array.from(vectors, ({ values }) => {
    let sum = 1 + diagonal; // 1: the constant bias feature
    for (let j = 0; j < values.length; j++) sum += values[j]! * values[j]!;
    return sum;
  });
  const weights = new Float32Array(features * classes);
  const bias = new Float32Array(classes);
  const w = new Float64Array(features);
  const alpha = new Float64Array(vectors.length);
  const order = Int32Array.from(vectors.keys());
  const random = seededRandom(seed);
  for (let k = 0; k < classes; k++) {
    w.fill(0);
    alpha.fill(0);
    let b = 0;
    for (let pass = 0; pass < passes; pass++) {
      shuffleInPlace(order, random);
      let largestGradient = 0;
      for (const row of order) {
        const { indices, values } = vectors[row]!;
        const sign = targets[row] === k ? 1 : -1;
        let margin = b;
        for (let j = 0; j < indices.length; j++) margin += w[indices[j]!]! * values[j]!;
        const gradient = sign * margin - 1 + diagonal * alpha[row]!;
        const projected = alpha[row] === 0 ? Math.min(gradient, 0) : gradient;
        if (projected === 0) continue;
        largestGradient = Math.max(largestGradient, Math.abs(projected));
        const previous = alpha[row]!;
        alpha[row] = Math.max(0, previous - gradient / selfProduct[row]!);
        const delta = (alpha[row]! - previous) * sign;
        for (let j = 0; j < indices.length; j++) w[indices[j]!]! += delta * values[j]!;
        b += delta;
      }
      if (largestGradient < tolerance) break;
    }
    for (let f = 0; f < features; f++) weights[f * classes + k] = w[f]!;
    bias[k] = b;
  }
  return { features, classes, weights, bias };
}
