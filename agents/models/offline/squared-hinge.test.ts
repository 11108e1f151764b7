import { describe, expect, it } from 'vitest';
import type { SparseVector } from './features.ts';
import { trainSquaredHingeOneVsRest } from './squared-hinge.ts';

const vector = (entries: Record<number, number>): SparseVector => ({
  indices: Int32Array.from(Object.keys(entries).map(Number)),
  values: Float32Array.from(Object.values(entries)),
});

// Three classes, each marked by its own feature; feature 3 is shared noise.
const vectors = [vector({ 0: 1, 3: 0.5 }), vector({ 0: 0.9 }), vector({ 1: 1, 3: 0.5 }), vector({ 1: 0.8 }), vector({ 2: 1 }), vector({ 2: 0.7, 3: 0.5 })];
const targets = Int32Array.from([0, 0, 1, 1, 2, 2]);

const scores = (model: ReturnType<typeof trainSquaredHingeOneVsRest>, x: SparseVector) =>
  Array.from({ length: model.classes }, (_, k) => {
    let sum = model.bias[k]!;
    for (let j = 0; j < x.indices.length; j++) sum += model.weights[x.indices[j]! * model.classes + k]! * x.values[j]!;
    return sum;
  });

describe('trainSquaredHingeOneVsRest', () => {
  const model = trainSquaredHingeOneVsRest(vectors, targets, 4, 3);

  it('puts every training example on the positive side of its own class only', () => {
    vectors.forEach((x, i) => {
      const margins = scores(model, x);
      margins.forEach((margin, k) => (k === targets[i] ? expect(margin).toBeGreaterThan(0) : expect(margin).toBeLessThan(0)));
    });
  });

  it('separates a new example by its marking feature, the shared one notwithstanding', () => {
    const margins = scores(model, vector({ 1: 0.6, 3: 1 }));
    expect(margins.indexOf(Math.max(...margins))).toBe(1);
  });

  it('lays weights out feature-major, like the softmax, and is deterministic for a seed', () => {
    expect(model.weights).toHaveLength(4 * 3);
    expect(model.weights[0 * 3 + 0]).toBeGreaterThan(0);
    expect(model.weights[0 * 3 + 1]).toBeLessThan(0);
    expect(trainSquaredHingeOneVsRest(vectors, targets, 4, 3, { seed: 1 }).weights).toEqual(model.weights);
  });

  it('regularises harder with a lower cost: smaller weights', () => {
    const loose = trainSquaredHingeOneVsRest(vectors, targets, 4, 3, { cost: 10 });
    const tight = trainSquaredHingeOneVsRest(vectors, targets, 4, 3, { cost: 0.01 });
    const norm = (w: Float32Array) => Math.hypot(...w);
    expect(norm(tight.weights)).toBeLessThan(norm(loose.weights));
  });
});
