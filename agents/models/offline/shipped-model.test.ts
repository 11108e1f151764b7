import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FINGERPRINT_FILE, dataFingerprint } from './build-router.ts';

describe('the shipped router model', () => {
  it('was trained on the training data as it is now', () => {
    const recorded = readFileSync(FINGERPRINT_FILE, 'utf8').trim();
    expect(recorded, 'router-model.json is older than data/: run `npx tsx agents/models/offline/build-router.ts`').toBe(dataFingerprint());
  });
});
