import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifierFromJSON, loadClassifier, OfflineModelError, saveClassifier, trainClassifier } from './classifier.ts';
import { HELD_OUT_EXAMPLES, MULTILINGUAL_EXAMPLES } from './test-examples.ts';

const model = trainClassifier(MULTILINGUAL_EXAMPLES, { seed: 7 });
const tempDir = () => mkdtempSync(join(tmpdir(), 'offline-classifier-'));

describe('trainClassifier', () => {
  it('knows every label of the training set', () => {
    expect(model.labels).toEqual(['cancel_order', 'greeting', 'human_agent', 'refund', 'track_order']);
  });

  it('classifies new phrasings in several languages, with or without accents', () => {
    const wrong = HELD_OUT_EXAMPLES.filter((example) => model.classify(example.text).label !== example.label);
    expect(wrong.map((example) => `${example.text} -> ${model.classify(example.text).label}`)).toEqual([]);
  });

  it('shifts a label\'s prior when asked: e^shift times less likely against every other, and rejects an unknown label', () => {
    const shifted = trainClassifier(MULTILINGUAL_EXAMPLES, { seed: 7, labelShift: { greeting: -2 } });
    const ratio = (m: typeof model) => {
      const ranked = m.classify('hello, I want my money back').ranked;
      return ranked.find((entry) => entry.label === 'greeting')!.score / ranked.find((entry) => entry.label === 'refund')!.score;
    };
    expect(ratio(shifted) / ratio(model)).toBeCloseTo(Math.exp(-2), 3);
    expect(() => trainClassifier(MULTILINGUAL_EXAMPLES, { labelShift: { nonsense: -1 } })).toThrow(/labelShift names nonsense/);
  });

  it('returns a probability and the top labels, best first', () => {
    const result = model.classify('I want my money back');
    expect(result.label).toBe('refund');
    expect(result.confidence).toBeGreaterThan(0.3);
    expect(result.confidence).toBeLessThanOrEqual(1);
    expect(result.ranked).toHaveLength(5);
    expect(result.ranked[0]).toEqual({ label: result.label, score: result.confidence });
    const scores = result.ranked.map((entry) => entry.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(scores.reduce((sum, score) => sum + score, 0)).toBeCloseTo(1, 5);
  });

  it('is unsure about empty text, emoji alone and gibberish rather than failing', () => {
    for (const text of ['', '   ', '🤷', 'qzxv wprt']) {
      const result = model.classify(text);
      expect(model.labels).toContain(result.label);
      expect(result.confidence).toBeGreaterThan(0);
      expect(result.confidence).toBeLessThan(0.6);
    }
  });

  it('classifies very long text by its beginning', () => {
    const result = model.classify(`where is my package ${'lorem ipsum '.repeat(50_000)}`);
    expect(result.label).toBe('track_order');
  });

  it('gives the same model for the same seed', () => {
    const again = trainClassifier(MULTILINGUAL_EXAMPLES, { seed: 7 });
    const { trainedOn: _a, ...first } = model.toJSON();
    const { trainedOn: _b, ...second } = again.toJSON();
    expect(second).toEqual(first);
  });

  it('mixes the softmax with linear SVMs by hingeWeight: each alone and the mix know the held-out phrasings', () => {
    const scores = (m: typeof model) => m.classify('I want my money back').ranked.map((entry) => entry.score);
    const softmaxOnly = trainClassifier(MULTILINGUAL_EXAMPLES, { seed: 7, hingeWeight: 0 });
    const svmOnly = trainClassifier(MULTILINGUAL_EXAMPLES, { seed: 7, hingeWeight: 1 });
    for (const m of [softmaxOnly, svmOnly, model]) {
      expect(HELD_OUT_EXAMPLES.filter((example) => m.classify(example.text).label !== example.label)).toEqual([]);
    }
    expect(scores(model)).not.toEqual(scores(softmaxOnly));
    expect(scores(model)).not.toEqual(scores(svmOnly));
    expect(() => trainClassifier(MULTILINGUAL_EXAMPLES, { hingeWeight: 1.5 })).toThrow(/hingeWeight must be between 0 and 1/);
  });

  it('adds a hidden layer when asked: it still knows the held-out phrasings, saves, reloads and retrains to the same model', () => {
    // below 1.01: the network runs on every message, so these probes exercise it.
    const withNetwork = trainClassifier(MULTILINGUAL_EXAMPLES, { seed: 7, hiddenUnits: 16, hiddenBelow: 1.01 });
    expect(HELD_OUT_EXAMPLES.filter((example) => withNetwork.classify(example.text).label !== example.label)).toEqual([]);
    expect(withNetwork.classify('I want my money back').ranked).not.toEqual(model.classify('I want my money back').ranked);
    const restored = classifierFromJSON(JSON.parse(JSON.stringify(withNetwork.toJSON())));
    for (const example of HELD_OUT_EXAMPLES) expect(restored.classify(example.text)).toEqual(withNetwork.classify(example.text));
    const { trainedOn: _a, ...first } = withNetwork.toJSON();
    const { trainedOn: _b, ...second } = trainClassifier(MULTILINGUAL_EXAMPLES, { seed: 7, hiddenUnits: 16, hiddenBelow: 1.01 }).toJSON();
    expect(second).toEqual(first);
    const json = withNetwork.toJSON();
    expect(() => classifierFromJSON({ ...json, hidden: { ...json.hidden!, units: 8 } })).toThrow(/hidden.inputBias has 16 entries for 8 units/);
    expect(() => trainClassifier(MULTILINGUAL_EXAMPLES, { hiddenUnits: -1 })).toThrow(/hiddenUnits must be an integer/);
  });

  it('refuses a training set with fewer than two labels', () => {
    expect(() => trainClassifier([{ text: 'hi', label: 'greeting' }])).toThrow(/two distinct labels/);
  });
});

describe('saving and loading', () => {
  const probes = [...HELD_OUT_EXAMPLES.map((example) => example.text), '', '👋', 'Łódź ærø straße'];

  it('round-trips through a file with identical predictions', () => {
    const path = join(tempDir(), 'nested', 'dir', 'model.json');
    saveClassifier(model, path);
    const loaded = loadClassifier(path);
    expect(loaded.labels).toEqual(model.labels);
    for (const text of probes) expect(loaded.classify(text)).toEqual(model.classify(text));
  });

  it('round-trips through JSON text', () => {
    const restored = classifierFromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    for (const text of probes) expect(restored.classify(text)).toEqual(model.classify(text));
  });

  it('names the path when the model file is missing', () => {
    const path = join(tempDir(), 'absent.json');
    expect(() => loadClassifier(path)).toThrow(OfflineModelError);
    expect(() => loadClassifier(path)).toThrow(path);
  });

  it('names the path when the model file is not JSON or not a model', () => {
    const dir = tempDir();
    const notJson = join(dir, 'broken.json');
    writeFileSync(notJson, '{"format": "switchboard');
    expect(() => loadClassifier(notJson)).toThrow(new RegExp(`${notJson}.*not JSON`));
    const wrongShape = join(dir, 'other.json');
    writeFileSync(wrongShape, JSON.stringify({ format: 'something-else', version: 1 }));
    expect(() => loadClassifier(wrongShape)).toThrow(new RegExp(`${wrongShape}.*invalid model`));
  });

  it('rejects a model whose arrays do not match its labels', () => {
    const json = model.toJSON();
    expect(() => classifierFromJSON({ ...json, bias: json.bias.slice(1) })).toThrow(/bias has 4 entries for 5 labels/);
    expect(() => classifierFromJSON({ ...json, terms: json.terms.slice(1) })).toThrow(/invalid model/);
  });
});
