/**
 * The offline router's intent classifier: sparse word and character n-gram
 * features; multinomial logistic regression mixed with one-vs-rest linear SVMs
 * into one linear model, optionally with a small hidden-layer network's scores
 * added where the linear model is unsure; softmax confidences. Deterministic
 * for a given seed, no network, no native code, any language.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ValidationError } from '../../../src/errors.ts';
import { DEFAULT_FEATURE_CONFIG, FeatureSpace, type FeatureConfig } from './features.ts';
import { softmaxInPlace, sparseScores, trainSoftmaxRegression } from './linear-model.ts';
import { trainSquaredHingeOneVsRest } from './squared-hinge.ts';
import { addHiddenLayerScores, DEFAULT_HIDDEN_LAYER, trainHiddenLayer, type HiddenLayerWeights } from './hidden-layer.ts';
import { dequantizeRows, dequantizeSparse, quantizeRows, selectRows, usedRows, type SparseRows } from './quantize.ts';
import { decodeModel, encodeModel, OfflineModelError, type ModelJson, type ModelParts } from './serialize.ts';

export { OfflineModelError } from './serialize.ts';

export interface LabelledExample {
  text: string;
  label: string;
}

export interface Classification {
  label: string;
  /** Probability in [0, 1] of the top label (softmax). */
  confidence: number;
  /** The top 5 labels with their probabilities, best first. */
  ranked: { label: string; score: number }[];
}

export interface IntentClassifier {
  readonly labels: readonly string[];
  classify(text: string): Classification;
}

export interface TrainOptions {
  /** Passes over the training data (default: 15, more for small sets, up to 100). */
  epochs?: number;
  /** Seed of the example order (default 1): same data, same seed, same model. */
  seed?: number;
  /** Initial SGD step (default 0.5). */
  learningRate?: number;
  /** L2 penalty (default 3e-6). */
  l2?: number;
  /** Terms must occur in this many training texts to become features (default 2; 1 under 2,000 examples). */
  minDocumentFrequency?: number;
  /** Weights under this fraction of their feature's largest weight are dropped (default 0.02). */
  pruneFraction?: number;
  /**
   * Multiplies the trained scores before the softmax (default 1.4). The L2
   * penalty leaves the probabilities under-confident; on 5-fold BANKING77 CV,
   * 1.4 cut the expected calibration error from 0.06 to under 0.02. It never
   * changes which label wins.
   */
  logitScale?: number;
  /**
   * Share of one-vs-rest linear SVMs (squared hinge) in the scores, against the
   * softmax's (default 0.5; 0 trains the softmax alone). Both are linear in the
   * same features, so their mix is one linear model: no cost when classifying.
   * On 5-fold BANKING77 CV the half-and-half mix is right 91.0% of the time, the
   * softmax alone 90.5%, the SVMs alone about 90.7%; its calibration error stays 0.014.
   */
  hingeWeight?: number;
  /** Multiplies the SVM margins (about ±1) into logits of the softmax's scale (default 5). */
  hingeScale?: number;
  /** The SVMs' penalty of misclassified margins (default 1). */
  hingeCost?: number;
  /**
   * Hidden ReLU units of a small network trained beside the linear model, whose
   * scores are added to its scores (default 0: none). It costs training time
   * (about as much as the linear model at 128 units) and classification time;
   * {@link FILE_TRAINING} turns it on for `npm run train -- --data`.
   */
  hiddenUnits?: number;
  /** Weight of the network's scores against the linear model's (default 0.7). */
  hiddenShare?: number;
  /**
   * The network runs only when the linear model's top probability is under this (default 0.8):
   * on 5-fold BANKING77 CV, 84% of messages are then classified by the linear model alone
   * at the accuracy of always running both (91.6%), at about twice the speed.
   */
  hiddenBelow?: number;
  /**
   * Multiplies the joint scores when the network has run (default 0.5): the sum of both is
   * over-confident. On 5-fold BANKING77 CV, 0.5 cut the calibration error from 0.037 to 0.013.
   */
  hiddenJointScale?: number;
  /** Feature extraction settings; defaults in {@link DEFAULT_FEATURE_CONFIG}. */
  features?: Partial<FeatureConfig>;
  /**
   * Added to a label's trained score (a shift of its prior, kept in the saved bias):
   * -2 makes the label e² times less likely against every other. For a catch-all
   * class such as out-of-scope, which otherwise wins near ties.
   */
  labelShift?: Record<string, number>;
}

/** A trained classifier that can be saved. */
export type TrainedClassifier = IntentClassifier & { toJSON(): ModelJson };

const DEFAULTS = { seed: 1, learningRate: 0.5, l2: 3e-6, pruneFraction: 0.02, logitScale: 1.4, hingeWeight: 0.5, hingeScale: 5, hingeCost: 1, hiddenUnits: 0, hiddenShare: 0.7, hiddenBelow: 0.8, hiddenJointScale: 0.5 };

/**
 * How `npm run train -- --data FILE` (and `npm run eval -- --dataset FILE` cross-validation) train:
 * the linear mix plus 128 hidden units. On 5-fold BANKING77 CV that is right 91.6% of the time, the mix alone 91.0%.
 * Linear weights under 7% of their feature's largest are dropped (not 2%): 12.4 rather than 21.1 weights
 * per feature, so classifying BANKING77's test texts takes about 15% less CPU, for 0.05 points of CV
 * accuracy (91.56% against 91.63%; a second seed of the network gives 91.20% against 91.26%).
 */
export const FILE_TRAINING: TrainOptions = { hiddenUnits: DEFAULT_HIDDEN_LAYER.units, pruneFraction: 0.07 };

/** Small sets need every term and more passes; large ones gain nothing from either but size and time. */
function defaultsFor(exampleCount: number) {
  return {
    epochs: Math.min(100, Math.max(15, Math.ceil(50_000 / Math.max(1, exampleCount)))),
    minDocumentFrequency: exampleCount < 2000 ? 1 : 2,
  };
}
const RANKED_SIZE = 5;

class LinearIntentClassifier implements IntentClassifier {
  readonly labels: readonly string[];
  private readonly space: FeatureSpace;
  private readonly weights: SparseRows;
  private readonly scores: Float64Array;
  private readonly hidden: { weights: HiddenLayerWeights; share: number; below: number; scale: number; scratch: Float64Array } | undefined;

  constructor(private readonly parts: ModelParts) {
    this.labels = Object.freeze([...parts.labels]);
    this.space = new FeatureSpace(parts.featureConfig, parts.terms, parts.idf);
    const classes = parts.labels.length;
    this.weights = dequantizeSparse(parts.weights, classes);
    this.scores = new Float64Array(classes);
    const hidden = parts.hidden;
    if (hidden) {
      const weights = { units: hidden.units, classes, input: dequantizeRows(hidden.input), inputBias: hidden.inputBias, output: hidden.output, outputBias: hidden.outputBias };
      this.hidden = { weights, share: hidden.share, below: hidden.below, scale: hidden.scale, scratch: new Float64Array(hidden.units) };
    }
  }

  classify(text: string): Classification {
    const scores = this.scores;
    const vector = this.space.vectorize(typeof text === 'string' ? text : '');
    sparseScores(this.weights, this.parts.bias, vector, scores);
    const hidden = this.hidden;
    if (hidden && topProbability(scores) < hidden.below) {
      addHiddenLayerScores(hidden.weights, vector, hidden.share, hidden.scratch, scores);
      for (let k = 0; k < scores.length; k++) scores[k]! *= hidden.scale;
    }
    softmaxInPlace(scores);
    // Top-k by selection: k is 5, far cheaper than sorting every label.
    const ranked: { label: string; score: number }[] = [];
    for (let r = 0; r < Math.min(RANKED_SIZE, scores.length); r++) {
      let best = 0;
      for (let k = 1; k < scores.length; k++) if (scores[k]! > scores[best]!) best = k;
      ranked.push({ label: this.labels[best]!, score: scores[best]! });
      scores[best] = -1; // taken; probabilities are never negative
    }
    return { label: ranked[0]!.label, confidence: ranked[0]!.score, ranked };
  }

  toJSON(): ModelJson {
    return encodeModel(this.parts);
  }
}

/** The softmax probability of the highest score. */
function topProbability(scores: Float64Array): number {
  let max = -Infinity;
  for (let k = 0; k < scores.length; k++) if (scores[k]! > max) max = scores[k]!;
  let sum = 0;
  for (let k = 0; k < scores.length; k++) sum += Math.exp(scores[k]! - max);
  return 1 / sum;
}

/** Trains a classifier on labelled examples (at least two distinct labels). */
export function trainClassifier(examples: LabelledExample[], options: TrainOptions = {}): TrainedClassifier {
  const settings = { ...DEFAULTS, ...defaultsFor(examples.length), ...options };
  const featureConfig: FeatureConfig = { ...DEFAULT_FEATURE_CONFIG, ...options.features };
  const labels = [...new Set(examples.map((example) => example.label))].sort();
  if (labels.length < 2) {
    throw new ValidationError(`training needs at least two distinct labels, got ${labels.length} in ${examples.length} examples`);
  }
  if (labels.length > 65_535) throw new ValidationError(`at most 65,535 labels are supported, got ${labels.length}`);
  if (!(Number.isInteger(settings.hiddenUnits) && settings.hiddenUnits >= 0 && settings.hiddenUnits <= 4096)) {
    throw new ValidationError(`hiddenUnits must be an integer from 0 to 4096, got ${settings.hiddenUnits}`);
  }
  if (!(settings.hingeWeight >= 0 && settings.hingeWeight <= 1)) {
    throw new ValidationError(`hingeWeight must be between 0 and 1, got ${settings.hingeWeight}`);
  }
  const labelIndex = new Map(labels.map((label, index) => [label, index]));
  const texts = examples.map((example) => example.text);
  const fullSpace = FeatureSpace.fit(texts, featureConfig, settings.minDocumentFrequency);
  const vectors = texts.map((text) => fullSpace.vectorize(text));
  const targets = Int32Array.from(examples, (example) => labelIndex.get(example.label)!);
  const trained = trainSoftmaxRegression(vectors, targets, fullSpace.size, labels.length, {
    epochs: settings.epochs,
    seed: settings.seed,
    learningRate: settings.learningRate,
    l2: settings.l2,
  });
  // Scaling the weights and bias scales the scores: the saved model needs no extra field.
  const hinge = settings.hingeWeight;
  const softmaxShare = (1 - hinge) * settings.logitScale;
  for (let i = 0; i < trained.weights.length; i++) trained.weights[i]! *= softmaxShare;
  for (let k = 0; k < trained.bias.length; k++) trained.bias[k]! *= softmaxShare;
  if (hinge > 0) {
    const svm = trainSquaredHingeOneVsRest(vectors, targets, fullSpace.size, labels.length, { cost: settings.hingeCost, seed: settings.seed });
    const svmShare = hinge * settings.hingeScale;
    for (let i = 0; i < trained.weights.length; i++) trained.weights[i]! += svmShare * svm.weights[i]!;
    for (let k = 0; k < trained.bias.length; k++) trained.bias[k]! += svmShare * svm.bias[k]!;
  }
  for (const [label, shift] of Object.entries(options.labelShift ?? {})) {
    const index = labelIndex.get(label);
    if (index === undefined) throw new ValidationError(`labelShift names ${label}, which is not a label of the training data`);
    trained.bias[index]! += shift;
  }
  const network =
    settings.hiddenUnits > 0
      ? trainHiddenLayer(vectors, targets, fullSpace.size, labels.length, { units: settings.hiddenUnits, seed: settings.seed })
      : undefined;
  // Features whose weights all quantize to zero change no prediction: drop them (the network reads every feature).
  const quantized = quantizeRows(trained.weights, labels.length, settings.pruneFraction);
  const used = usedRows(quantized, labels.length);
  const { space, kept } = fullSpace.select((index) => network !== undefined || used.has(index));
  return new LinearIntentClassifier({
    labels,
    featureConfig,
    terms: [...space.terms],
    idf: space.idf,
    weights: selectRows(quantized, labels.length, kept),
    bias: trained.bias,
    ...(network && {
      hidden: {
        units: network.units,
        share: settings.hiddenShare,
        below: settings.hiddenBelow,
        scale: settings.hiddenJointScale,
        input: quantizeRows(network.input, network.units),
        inputBias: network.inputBias,
        output: network.output,
        outputBias: network.outputBias,
      },
    }),
    trainedOn: { examples: examples.length, at: new Date().toISOString() },
  });
}

/** Builds a classifier from a saved model's JSON, validated; throws {@link OfflineModelError}. */
export function classifierFromJSON(json: unknown): TrainedClassifier {
  return new LinearIntentClassifier(decodeModel(json));
}

/** Loads a model saved by {@link saveClassifier}; the error names the path when it is missing or corrupt. */
export function loadClassifier(path: string): TrainedClassifier {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new OfflineModelError(`cannot load the offline model ${path}: ${reason} (train one with npm run train)`, { cause: error });
  }
  try {
    return classifierFromJSON(JSON.parse(content));
  } catch (error) {
    const reason = error instanceof SyntaxError ? `not JSON (${error.message})` : (error as Error).message;
    throw new OfflineModelError(`cannot load the offline model ${path}: ${reason}`, { cause: error });
  }
}

/** Saves a trained classifier as JSON, creating parent directories. */
export function saveClassifier(model: IntentClassifier & { toJSON(): unknown }, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(model.toJSON()));
}
