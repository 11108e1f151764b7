import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INTENTS } from '../../intents.ts';
import { FINGERPRINT_FILE, dataFingerprint } from './build-router.ts';
import { loadOfflineClassifier } from './intent-router.ts';

describe('the shipped router model', () => {
  it('was trained by the training code as it is now, on the training data as it is now', () => {
    const recorded = readFileSync(FINGERPRINT_FILE, 'utf8').trim();
    expect(recorded, 'router-model.json is older than data/ or the training code: run `npm run train`').toBe(dataFingerprint());
  });

  it('knows every intent, out of scope included', () => {
    expect([...loadOfflineClassifier().labels].sort()).toEqual([...INTENTS].sort());
  });

  it('keeps questions about anything but payments, orders and accounts out of scope, and banking ones in', () => {
    // Written for this test: not in the training data, nor in either eval split.
    const classifier = loadOfflineClassifier();
    for (const text of ['what temperature do I roast a chicken at', 'will it rain in Madrid on Saturday', 'how do I change the oil in my car', 'recommend a podcast about history']) {
      expect(classifier.classify(text).label, text).toBe('out_of_scope');
    }
    expect(classifier.classify('where is my parcel').label).toBe('delivery_tracking');
    expect(classifier.classify('someone took my card out of my bag on the train').label).toBe('stolen_card');
  });
});
