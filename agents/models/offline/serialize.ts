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
    weights: {
      encoding: 'int8-rows+deflate-raw',
      scales: toBase64(parts.weights.scales),
      values: deflateRawSync(Buffer.from(parts.weights.values.buffer, parts.weights.values.byteOffset, parts.weights.values.byteLength)).toString('base64'),
    },
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
  const scales = float32FromBase64(model.weights.scales, 'weights.scales');
  let values: Int8Array;
  try {
    const bytes = inflateRawSync(Buffer.from(model.weights.values, 'base64'));
    values = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength).slice();
  } catch (error) {
    throw new OfflineModelError('invalid model: weights.values cannot be inflated', { cause: error });
  }
  const features = model.terms.length;
  const problems = [
    idf.length !== features && `idf has ${idf.length} entries for ${features} terms`,
    scales.length !== features && `weights.scales has ${scales.length} entries for ${features} terms`,
    values.length !== features * classes && `weights.values has ${values.length} entries, expected ${features * classes}`,
    model.bias.length !== classes && `bias has ${model.bias.length} entries for ${classes} labels`,
    new Set(model.labels).size !== classes && 'labels are not unique',
  ].filter((problem): problem is string => typeof problem === 'string');
  if (problems.length > 0) throw new OfflineModelError(`invalid model: ${problems.join('; ')}`);
  return {
    labels: model.labels,
    featureConfig: model.featureConfig,
    terms: model.terms,
    idf,
    weights: { scales, values },
    bias: Float32Array.from(model.bias),
    trainedOn: model.trainedOn,
  };
}
