import { describe, expect, it } from 'vitest';
import type { SparseVector } from './features.ts';
import { addHiddenLayerScores, trainHiddenLayer } from './hidden-layer.ts';

const vector = (indices: number[]): SparseVector => ({ indices: Int32Array.from(indices), values: new Float32Array(indices.length).fill(1) });

// Exclusive or: class 0 has exactly one of features 0 and 1, class 1 both or neither. No linear model separates it.
const patterns = [
  { x: vector([0]), y: 0 },
  { x: vector([1]), y: 0 },
  { x: vector([0, 1]), y: 1 },
  { x: vector([]), y: 1 },
];
const vectors = Array.from({ length: 200 }, (_, i) => patterns[i % 4]!.x);
const targets = Int32Array.from({ length: 200 }, (_, i) => patterns[i % 4]!.y);

const predict = (model: ReturnType<typeof trainHiddenLayer>, x: SparseVector) => {
  const out = new Float64Array(2);
  addHiddenLayerScores(model, x, 1, new Float64Array(model.units), out);
  return out[1]! > out[0]! ? 1 : 0;
};

describe('trainHiddenLayer', () => {
  const model = trainHiddenLayer(vectors, targets, 2, 2, { units: 16, epochs: 30, dropout: 0 });

  it('learns what no linear model can: exclusive or', () => {
    expect(patterns.map(({ x }) => predict(model, x))).toEqual(patterns.map(({ y }) => y));
  });

  it('is deterministic for a seed', () => {
    expect(trainHiddenLayer(vectors, targets, 2, 2, { units: 16, epochs: 30, dropout: 0 }).input).toEqual(model.input);
  });

  it('scales its scores by the share it is given', () => {
    const once = new Float64Array(2);
    const twice = new Float64Array(2);
    addHiddenLayerScores(model, vector([0]), 1, new Float64Array(16), once);
    addHiddenLayerScores(model, vector([0]), 2, new Float64Array(16), twice);
    expect(twice[0]).toBeCloseTo(2 * once[0]!, 5);
  });
});
