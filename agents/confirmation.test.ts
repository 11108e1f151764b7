import { describe, expect, it } from 'vitest';
import { yesOrNo } from './confirmation.ts';
import { followUpIntent, outOfScopeInstead } from './nodes/routing-rules.ts';

describe('yesOrNo', () => {
  it('reads a yes or a no in the customer\'s language, or in English', () => {
    expect(yesOrNo('yes please', 'en')).toBe('yes');
    expect(yesOrNo('Ja, gerne!', 'de')).toBe('yes');
    expect(yesOrNo('ok', 'sv')).toBe('yes');
    expect(yesOrNo('nej tack', 'sv')).toBe('no');
    expect(yesOrNo('non merci', 'fr')).toBe('no');
    expect(yesOrNo('no', 'pl')).toBe('no');
  });

  it('takes neither a question, a long message, nor a yes that names another order for a yes', () => {
    expect(yesOrNo('where is my order?', 'en')).toBeUndefined();
    expect(yesOrNo('yes but for order 1043', 'en', ['1044'])).toBeUndefined();
    expect(yesOrNo('yes, order 1044', 'en', ['1044'])).toBe('yes');
    expect(yesOrNo('yes I would like to know first how much it costs and when', 'en')).toBeUndefined();
  });

  it('takes "ok thanks" for thanks, not a yes; "yes thanks" stays a yes', () => {
    expect(yesOrNo('ok thanks', 'en')).toBeUndefined();
    expect(yesOrNo('Okay, thanks for checking that', 'en')).toBeUndefined();
    expect(yesOrNo('oke bedankt', 'nl')).toBeUndefined();
    expect(yesOrNo('ok tack', 'sv')).toBeUndefined();
    expect(yesOrNo('yes thanks', 'en')).toBe('yes');
    expect(yesOrNo('ja tack', 'sv')).toBe('yes');
    expect(yesOrNo('ok go ahead', 'en')).toBe('yes');
  });

  it('does not take "tak" for a yes in Danish, where it means thanks', () => {
    expect(yesOrNo('tak', 'pl')).toBe('yes');
    expect(yesOrNo('tak', 'da')).toBeUndefined();
  });
});

describe('routing rules', () => {
  it('continues the previous topic when the guess is weak and that topic is close behind', () => {
    const weak = { intent: 'out_of_scope' as const, confidence: 0.3, alternatives: [{ intent: 'extend_due_date' as const, score: 0.24 }] };
    expect(followUpIntent(weak, 'extend_due_date', 0.45)).toEqual({ intent: 'extend_due_date', score: 0.24 });
    expect(followUpIntent(weak, 'greeting', 0.45)).toBeUndefined();
    expect(followUpIntent({ ...weak, confidence: 0.8 }, 'extend_due_date', 0.45)).toBeUndefined();
  });

  it('prefers "out of scope" to a weak guess at something else when it is the close runner-up', () => {
    expect(outOfScopeInstead({ intent: 'human_agent', confidence: 0.53, alternatives: [{ intent: 'out_of_scope', score: 0.46 }] })).toEqual({ score: 0.46 });
    expect(outOfScopeInstead({ intent: 'human_agent', confidence: 0.9, alternatives: [{ intent: 'out_of_scope', score: 0.1 }] })).toBeUndefined();
    expect(outOfScopeInstead({ intent: 'pay_now', confidence: 0.5, alternatives: [{ intent: 'out_of_scope', score: 0.1 }] })).toBeUndefined();
  });
});

describe('orderIntentAmong', () => {
  it('takes an order intent among a weak guess\'s candidates, and leaves a confident guess alone', async () => {
    const { orderIntentAmong } = await import('./nodes/routing-rules.ts');
    const text = 'where are my headphones?';
    expect(orderIntentAmong({ intent: 'policy_question', confidence: 0.5, alternatives: [{ intent: 'delivery_tracking', score: 0.3 }] }, undefined, { text, language: 'en' })).toBe('delivery_tracking');
    expect(orderIntentAmong({ intent: 'policy_question', confidence: 0.9, alternatives: [{ intent: 'delivery_tracking', score: 0.05 }] }, undefined, { text, language: 'en' })).toBeUndefined();
    expect(orderIntentAmong({ intent: 'greeting', confidence: 0.4, alternatives: [{ intent: 'thanks', score: 0.3 }] }, undefined, { text, language: 'en' })).toBeUndefined();
  });

  it('after an answer about an order, a short message continues its topic; a longer one is read on its own', async () => {
    const { orderIntentAmong } = await import('./nodes/routing-rules.ts');
    const weak = { intent: 'affirm' as const, confidence: 0.15, alternatives: [{ intent: 'order_status' as const, score: 0.1 }] };
    expect(orderIntentAmong(weak, 'delivery_tracking', { text: 'entä kuulokkeet?', language: 'fi' })).toBe('delivery_tracking');
    expect(orderIntentAmong(weak, 'payment_schedule', { text: 'entä kuulokkeet?', language: 'fi' })).toBe('order_status');
    expect(orderIntentAmong(weak, 'delivery_tracking', { text: 'I was wondering about the headphones I bought last week', language: 'en' })).toBe('order_status');
  });

  it('a short "and the ...?" is an order question however sure the model is of something else', async () => {
    const { orderIntentAmong } = await import('./nodes/routing-rules.ts');
    const thanks = { intent: 'thanks' as const, confidence: 0.85, alternatives: [{ intent: 'affirm' as const, score: 0.04 }] };
    expect(orderIntentAmong(thanks, 'payment_schedule', { text: 'entä takki?', language: 'fi' })).toBe('order_status');
    expect(orderIntentAmong(thanks, 'delivery_tracking', { text: 'entä takki?', language: 'fi' })).toBe('delivery_tracking');
    expect(orderIntentAmong(thanks, 'payment_schedule', { text: 'kiitos takista', language: 'fi' })).toBeUndefined();
  });
});
