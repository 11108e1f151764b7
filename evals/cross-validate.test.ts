import { describe, expect, it } from 'vitest';
import { MULTILINGUAL_EXAMPLES } from '../agents/models/offline/test-examples.ts';
import { trainClassifier } from '../agents/models/offline/classifier.ts';
import { crossValidate, stratifiedFolds } from './cross-validate.ts';

describe('stratifiedFolds', () => {
  const labels = [...Array(10).fill('a'), ...Array(5).fill('b'), ...Array(3).fill('c')] as string[];

  it('spreads each label evenly over the folds', () => {
    const folds = stratifiedFolds(labels, 5, 1);
    for (const label of ['a', 'b']) {
      const perFold = [0, 0, 0, 0, 0];
      labels.forEach((l, i) => l === label && perFold[folds[i]!]!++);
      expect(Math.max(...perFold) - Math.min(...perFold)).toBe(0);
    }
    const sizes = [0, 0, 0, 0, 0];
    for (const fold of folds) sizes[fold]!++;
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('is reproducible for a seed and differs across seeds', () => {
    expect(stratifiedFolds(labels, 3, 42)).toEqual(stratifiedFolds(labels, 3, 42));
    expect(stratifiedFolds(labels, 3, 42)).not.toEqual(stratifiedFolds(labels, 3, 43));
  });

  it('rejects impossible fold counts', () => {
    expect(() => stratifiedFolds(labels, 1)).toThrow(RangeError);
    expect(() => stratifiedFolds(['a'], 2)).toThrow(RangeError);
  });
});

describe('crossValidate', () => {
  it('predicts every example from a model that never saw it', () => {
    const seenBy: string[][] = [];
    const result = crossValidate(MULTILINGUAL_EXAMPLES, {
      folds: 4,
      train: (training) => {
        seenBy.push(training.map((example) => example.text));
        return trainClassifier(training);
      },
    });
    expect(result.predicted.every((label) => label !== '')).toBe(true);
    expect(result.foldAccuracy).toHaveLength(4);
    expect(seenBy.map((texts) => texts.length).reduce((a, b) => a + b)).toBe(MULTILINGUAL_EXAMPLES.length * 3);
    const correct = result.predicted.filter((label, i) => label === MULTILINGUAL_EXAMPLES[i]!.label).length;
    expect(correct / MULTILINGUAL_EXAMPLES.length).toBeGreaterThan(0.5);
  });
});
