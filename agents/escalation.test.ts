import { describe, expect, it } from 'vitest';
import { translator } from '../src/i18n/index.ts';
import { decideEscalation, frustrationScore } from './escalation.ts';

const calm = { outcome: 'resolved' as const, failuresBefore: 0, frustration: 0 };

describe('decideEscalation', () => {
  it('escalates explicit requests and high-risk intents first', () => {
    expect(decideEscalation({ ...calm, specialistReason: 'requested_human' })).toBe('requested_human');
    expect(decideEscalation({ ...calm, specialistReason: 'stolen_card' })).toBe('stolen_card');
    expect(decideEscalation({ ...calm, specialistReason: 'fraud_suspected', frustration: 5 })).toBe('fraud_suspected');
  });

  it('applies the dispute limit per currency', () => {
    expect(decideEscalation({ ...calm, disputeAmount: { amount: 640, currency: 'EUR' } })).toBe('dispute_over_limit');
    expect(decideEscalation({ ...calm, disputeAmount: { amount: 640, currency: 'SEK' } })).toBeUndefined();
  });

  it('escalates the second failure in a row, not the first', () => {
    expect(decideEscalation({ ...calm, outcome: 'clarify' })).toBeUndefined();
    expect(decideEscalation({ ...calm, outcome: 'failed', failuresBefore: 1 })).toBe('repeated_failure');
    expect(decideEscalation({ ...calm, failuresBefore: 1 })).toBeUndefined();
  });
});

describe('frustrationScore', () => {
  const en = translator('en', 'agent');
  it('scores strong frustration above a plain question', () => {
    expect(frustrationScore('where is my order?', 'en', en, en)).toBe(0);
    expect(frustrationScore('this is useless, worst service ever!!!', 'en', en, en)).toBeGreaterThanOrEqual(2);
    expect(frustrationScore('WHERE IS MY MONEY YOU PEOPLE', 'en', en, en)).toBe(1);
  });
});
