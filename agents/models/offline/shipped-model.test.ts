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
});
