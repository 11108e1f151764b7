import { describe, expect, it } from 'vitest';
import { computeMetrics, mostConfusedPairs } from './metrics.ts';

describe('computeMetrics', () => {
  // gold:      a a a b b c
  // predicted: a a b b c c
  const metrics = computeMetrics(['a', 'a', 'a', 'b', 'b', 'c'], ['a', 'a', 'b', 'b', 'c', 'c']);

  it('computes accuracy', () => {
    expect(metrics.correct).toBe(4);
    expect(metrics.accuracy).toBeCloseTo(4 / 6);
  });

  it('computes per-class precision, recall and F1 by hand', () => {
    const [a, b, c] = metrics.perClass;
    expect(a).toEqual({ label: 'a', precision: 1, recall: 2 / 3, f1: 0.8, support: 3 });
    expect(b!.precision).toBeCloseTo(0.5);
    expect(b!.recall).toBeCloseTo(0.5);
    expect(b!.f1).toBeCloseTo(0.5);
    expect(c!.precision).toBeCloseTo(0.5);
    expect(c!.recall).toBe(1);
    expect(c!.f1).toBeCloseTo(2 / 3);
    expect(metrics.macroF1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3);
  });

  it('builds the confusion matrix with actual rows and predicted columns', () => {
    expect(metrics.labels).toEqual(['a', 'b', 'c']);
    expect(metrics.confusion).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
  });

  it('counts a label only ever predicted with zero precision and recall', () => {
    const result = computeMetrics(['a', 'a'], ['a', 'z']);
    expect(result.perClass.find((row) => row.label === 'z')).toEqual({ label: 'z', precision: 0, recall: 0, f1: 0, support: 0 });
    expect(result.macroF1).toBeCloseTo((2 / 3 + 0) / 2);
  });

  it('refuses arrays of different lengths', () => {
    expect(() => computeMetrics(['a'], [])).toThrow(RangeError);
  });
});

describe('mostConfusedPairs', () => {
  it('lists off-diagonal cells, largest first', () => {
    const metrics = computeMetrics(['a', 'a', 'a', 'b', 'c', 'c'], ['b', 'b', 'a', 'c', 'a', 'c']);
    expect(mostConfusedPairs(metrics)).toEqual([
      { actual: 'a', predicted: 'b', count: 2 },
      { actual: 'b', predicted: 'c', count: 1 },
      { actual: 'c', predicted: 'a', count: 1 },
    ]);
    expect(mostConfusedPairs(metrics, 1)).toHaveLength(1);
  });
});
