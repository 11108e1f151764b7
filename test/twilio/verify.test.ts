import { describe, expect, it } from 'vitest';
import { isValidTwilioSignature, parseFormBody, publicUrlOf, signTwilioRequest } from '../../channels/twilio/verify.ts';
import { fixtureJson, whatsAppFixture } from './fixtures.ts';

interface Vector {
  id: string;
  auth_token: string;
  url: string;
  params: Record<string, string | string[]>;
  expected_signature: string;
  raw_body?: string;
}

interface Negative {
  desc: string;
  auth_token: string;
  url?: string;
  signed_url?: string;
  validated_url?: string;
  params?: Record<string, string>;
  signature?: string;
  raw_body?: string;
}

const vectors = fixtureJson<{ vectors: Vector[]; negative_cases: Negative[] }>('signature_vectors.json');

describe('X-Twilio-Signature against the 19 shared vectors', () => {
  it('has 16 valid and 3 invalid vectors', () => {
    expect(vectors.vectors).toHaveLength(16);
    expect(vectors.negative_cases).toHaveLength(3);
  });

  it.each(vectors.vectors.map((vector) => [vector.id, vector] as const))('accepts %s', (_id, vector) => {
    const valid = isValidTwilioSignature(vector.auth_token, {
      url: vector.url,
      signature: vector.expected_signature,
      params: vector.params,
      rawBody: vector.raw_body,
    });
    expect(valid).toBe(true);
  });

  it.each(vectors.negative_cases.map((negative) => [negative.desc, negative] as const))('refuses: %s', (_desc, negative) => {
    const signedUrl = negative.signed_url ?? negative.url!;
    const signature = negative.signature ?? signTwilioRequest(negative.auth_token, signedUrl, negative.params ?? {});
    const valid = isValidTwilioSignature(negative.auth_token, {
      url: negative.validated_url ?? negative.url!,
      signature,
      params: negative.params,
      rawBody: negative.raw_body,
    });
    expect(valid).toBe(false);
  });

  it('refuses a valid vector whose body was changed', () => {
    const vector = vectors.vectors.find((candidate) => candidate.id === 'sdk-json-body-bodySHA256')!;
    const tampered = { url: vector.url, signature: vector.expected_signature, rawBody: '{"property": "other", "boolean": true}' };
    expect(isValidTwilioSignature(vector.auth_token, tampered)).toBe(false);
  });

  it('refuses a missing signature, and a right signature under another token', () => {
    const vector = vectors.vectors[0]!;
    expect(isValidTwilioSignature(vector.auth_token, { url: vector.url, signature: undefined, params: vector.params })).toBe(false);
    expect(isValidTwilioSignature('another-token', { url: vector.url, signature: vector.expected_signature, params: vector.params })).toBe(false);
  });
});

describe('the WhatsApp fixtures', () => {
  const fixture = whatsAppFixture();
  it.each(fixture.cases.map((item) => [item.name, item] as const))('%s verifies from its raw body', (_name, item) => {
    const params = parseFormBody(item.raw_body);
    expect(isValidTwilioSignature(fixture.auth_token, { url: fixture.url, signature: item.expected_signature, params })).toBe(true);
    const changed = { ...params, Body: `${String(params.Body)}!` };
    expect(isValidTwilioSignature(fixture.auth_token, { url: fixture.url, signature: item.expected_signature, params: changed })).toBe(false);
  });
});

describe('the public URL Twilio signed', () => {
  const request = { originalUrl: '/webhooks/twilio/sms?x=1', protocol: 'http', get: () => 'localhost:3000' };
  it('uses PUBLIC_URL (and its path prefix) behind a proxy', () => {
    expect(publicUrlOf(request, 'https://support.example.com/')).toBe('https://support.example.com/webhooks/twilio/sms?x=1');
    expect(publicUrlOf(request, 'https://example.com/switchboard')).toBe('https://example.com/switchboard/webhooks/twilio/sms?x=1');
  });
  it('falls back to the request origin', () => {
    expect(publicUrlOf(request, undefined)).toBe('http://localhost:3000/webhooks/twilio/sms?x=1');
  });
  it('keeps repeated form keys as arrays', () => {
    expect(parseFormBody('a=1&b=2&a=3')).toEqual({ a: ['1', '3'], b: '2' });
  });
});
