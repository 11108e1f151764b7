import { describe, expect, it } from 'vitest';
import { fixtureJson } from '../fixtures/index.ts';
import { signSlackRequest, verifySlackSignature } from '../../channels/slack/verify.ts';

interface SigningVector {
  id: string;
  signing_secret: string;
  timestamp: string;
  raw_body: string;
  expected_signature?: string;
  expected_signature_header?: string;
  now_for_test: number;
  valid: boolean;
}

const { vectors } = fixtureJson<{ vectors: SigningVector[] }>('slack', 'signing_vectors.json');

describe('Slack request signatures', () => {
  it('has the shared vectors to check', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(4);
  });

  for (const vector of vectors) {
    it(`classifies ${vector.id} as ${vector.valid ? 'valid' : 'invalid'}`, () => {
      const signature = vector.expected_signature ?? vector.expected_signature_header;
      const check = verifySlackSignature({
        signingSecret: vector.signing_secret,
        timestamp: vector.timestamp,
        signature,
        rawBody: Buffer.from(vector.raw_body, 'utf8'),
        nowSeconds: vector.now_for_test,
      });
      expect(check.valid).toBe(vector.valid);
      if (vector.expected_signature) {
        expect(signSlackRequest(vector.signing_secret, vector.timestamp, vector.raw_body)).toBe(vector.expected_signature);
      }
    });
  }

  it('says why a request is refused', () => {
    const base = { signingSecret: 's3cret', timestamp: '1000', rawBody: '{}', nowSeconds: 1000 };
    const good = signSlackRequest('s3cret', '1000', '{}');
    expect(verifySlackSignature({ ...base, signature: good })).toEqual({ valid: true });
    expect(verifySlackSignature({ ...base, signature: undefined })).toEqual({ valid: false, reason: 'missing_headers' });
    expect(verifySlackSignature({ ...base, signature: `${good}00` })).toEqual({ valid: false, reason: 'bad_signature' });
    expect(verifySlackSignature({ ...base, signature: good, nowSeconds: 1000 + 301 })).toEqual({ valid: false, reason: 'stale_timestamp' });
    expect(verifySlackSignature({ ...base, signature: good, nowSeconds: 1000 - 301 })).toEqual({ valid: false, reason: 'stale_timestamp' });
    expect(verifySlackSignature({ ...base, signature: good, nowSeconds: 1000 + 300 })).toEqual({ valid: true });
  });
});
