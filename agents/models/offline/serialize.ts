/**
 * The saved model format: JSON with a format name and version, validated with
 * zod on load. Large arrays are little-endian binary in base64; the int8
 * weights are also deflated (most are zero), keeping banking77-sized models small.
 */
import { endianness } from 'node:os';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { z } from 'zod';
import { GatewayError } from '../../../src/errors.ts';
import type { FeatureConfig } from './features.ts';
import type { QuantizedRows } from './quantize.ts';

export const MODEL_FORMAT = 'switchboard-offline-intent';
export const MODEL_FORMAT_VERSION = 1;

/** A saved model is missing, unreadable or not a model of this format. */
export class OfflineModelError extends GatewayError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'offline_model_invalid', options);
  }
}

/** Everything a trained classifier is made of, in memory. */
export interface ModelParts {
  labels: string[];
  featureConfig: FeatureConfig;
  terms: string[];
  idf: Float32Array;
  weights: QuantizedRows;
  bias: Float32Array;
  /** The hidden layer's network, when trained with one (see hidden-layer.ts). */
  hidden?: {
    units: number;
    /** Weight of its scores against the linear model's. */
    share: number;
    /** It runs only when the linear model's top probability is under this. */
    below: number;
    /** Multiplies the joint scores when it has run. */
    scale: number;
    /** features x units, int8 per feature row. */
    input: QuantizedRows;
    inputBias: Float32Array;
    /** units x classes. */
    output: Float32Array;
    outputBias: Float32Array;
  };
  trainedOn: { examples: number; at: string };
}

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

const modelSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  version: z.literal(MODEL_FORMAT_VERSION),
  labels: z.array(z.string().min(1)).min(1).max(65_535),
  featureConfig: z.object({
    wordNgramMax: z.number().int().min(1).max(5),
    charNgramMin: z.number().int().min(1).max(10),
    charNgramMax: z.number().int().min(0).max(10),
    charWeight: z.number().min(0),
    foldDigits: z.boolean(),
    skipWindow: z.number().int().min(0).max(10),
  }),
  terms: z.array(z.string()),
  idf: base64,
  bias: z.array(z.number()),
  weights: z.object({ encoding: z.literal('int8-rows+deflate-raw'), scales: base64, values: base64 }),
  hidden: z
    .object({
      units: z.number().int().min(1).max(4096),
      share: z.number().min(0),
      below: z.number().min(0).max(2),
      scale: z.number().positive(),
      input: z.object({ encoding: z.literal('int8-rows+deflate-raw'), scales: base64, values: base64 }),
      inputBias: base64,
      output: base64,
      outputBias: base64,
    })
    .optional(),
  trainedOn: z.object({ examples: z.number().int().min(0), at: z.string() }),
});

/** The JSON shape of a saved model. */
export type ModelJson = z.infer<typeof modelSchema>;

// Typed arrays use the host's byte order; the format is little-endian, as are all hosts Node ships for but s390x.
function assertLittleEndian(): void {
  if (endianness() !== 'LE') throw new OfflineModelError('offline models need a little-endian host');
}

const toBase64 = (array: Float32Array | Int8Array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');

function float32FromBase64(text: string, field: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % 4 !== 0) throw new OfflineModelError(`invalid model: ${field} is not a float32 array`);
  const out = new Float32Array(bytes.length / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

const encodeRows = (rows: QuantizedRows) => ({
  encoding: 'int8-rows+deflate-raw' as const,
  scales: toBase64(rows.scales),
  values: deflateRawSync(Buffer.from(rows.values.buffer, rows.values.byteOffset, rows.values.byteLength)).toString('base64'),
});

function decodeRows(rows: { scales: string; values: string }, field: string): QuantizedRows {
  const scales = float32FromBase64(rows.scales, `${field}.scales`);
  try {
    const bytes = inflateRawSync(Buffer.from(rows.values, 'base64'));
    return { scales, values: new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength).slice() };
  } catch (error) {
    throw new OfflineModelError(`invalid model: ${field}.values cannot be inflated`, { cause: error });
  }
}

/** Model parts → the JSON object that is saved. */
export function encodeModel(parts: ModelParts): ModelJson {
  assertLittleEndian();
  return {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    labels: parts.labels,
    featureConfig: parts.featureConfig,
    terms: parts.terms,
    idf: toBase64(parts.idf),
    bias: Array.from(parts.bias),
    weights: encodeRows(parts.weights),
    ...(parts.hidden && {
      hidden: {
        units: parts.hidden.units,
        share: parts.hidden.share,
        below: parts.hidden.below,
        scale: parts.hidden.scale,
        input: encodeRows(parts.hidden.input),
        inputBias: toBase64(parts.hidden.inputBias),
        output: toBase64(parts.hidden.output),
        outputBias: toBase64(parts.hidden.outputBias),
      },
    }),
    trainedOn: parts.trainedOn,
  };
}

/** Untrusted JSON → model parts; throws {@link OfflineModelError} saying what is wrong. */
export function decodeModel(json: unknown): ModelParts {
  const parsed = modelSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new OfflineModelError(`invalid model (expected ${MODEL_FORMAT} version ${MODEL_FORMAT_VERSION}): ${issues.join('; ')}`);
  }
  assertLittleEndian();
  const model = parsed.data;
  const classes = model.labels.length;
  const idf = float32FromBase64(model.idf, 'idf');
  const { scales, values } = decodeRows(model.weights, 'weights');
  const hidden = model.hidden && {
    units: model.hidden.units,
    share: model.hidden.share,
    below: model.hidden.below,
    scale: model.hidden.scale,
    input: decodeRows(model.hidden.input, 'hidden.input'),
    inputBias: float32FromBase64(model.hidden.inputBias, 'hidden.inputBias'),
    output: float32FromBase64(model.hidden.output, 'hidden.output'),
    outputBias: float32FromBase64(model.hidden.outputBias, 'hidden.outputBias'),
  };
  const features = model.terms.length;
  const problems = [
    idf.length !== features && `idf has ${idf.length} entries for ${features} terms`,
    scales.length !== features && `weights.scales has ${scales.length} entries for ${features} terms`,
    values.length !== features * classes && `weights.values has ${values.length} entries, expected ${features * classes}`,
    model.bias.length !== classes && `bias has ${model.bias.length} entries for ${classes} labels`,
    new Set(model.labels).size !== classes && 'labels are not unique',
    ...(hidden
      ? [
          hidden.input.scales.length !== features && `hidden.input.scales has ${hidden.input.scales.length} entries for ${features} terms`,
          hidden.input.values.length !== features * hidden.units && `hidden.input.values has ${hidden.input.values.length} entries, expected ${features * hidden.units}`,
          hidden.inputBias.length !== hidden.units && `hidden.inputBias has ${hidden.inputBias.length} entries for ${hidden.units} units`,
          hidden.output.length !== hidden.units * classes && `hidden.output has ${hidden.output.length} entries, expected ${hidden.units * classes}`,
          hidden.outputBias.length !== classes && `hidden.outputBias has ${hidden.outputBias.length} entries for ${classes} labels`,
        ]
      : []),
  ].filter((problem): problem is string => typeof problem === 'string');
  if (problems.length > 0) throw new OfflineModelError(`invalid model: ${problems.join('; ')}`);
  return {
    labels: model.labels,
    featureConfig: model.featureConfig,
    terms: model.terms,
    idf,
    weights: { scales, values },
    bias: Float32Array.from(model.bias),
    ...(hidden && { hidden }),
    trainedOn: model.trainedOn,
  };
}
