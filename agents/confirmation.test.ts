import { describe, expect, it } from 'vitest';
import { translator } from '../src/i18n/index.ts';
import { confirmationReason } from './confirmation.ts';
import { followUpIntent, outOfScopeInstead } from './nodes/routing-rules.ts';

const english = translator('en', 'agent');
const check = (intent: string, confidence: number, text: string, language = 'en') =>
  confirmationReason({ intent, confidence, text, language, actionConfidence: 0.6, t: translator(language, 'agent'), english });

describe('confirmationReason', () => {
  it('lets a clear request act, and holds back an unsure one', () => {
    expect(check('extend_due_date', 0.95, 'please move my payment back two weeks')).toBeUndefined();
    expect(check('extend_due_date', 0.5, 'please move my payment back two weeks')).toBe('unsure');
  });

  it('holds back a question about cost or time limits, in the person\'s language', () => {
    expect(check('extend_due_date', 0.9, 'Kostar det något att skjuta upp betalningen?', 'sv')).toBe('policy_question');
    expect(check('report_return', 0.92, 'Quanti giorni ho per restituire una borsa?', 'it')).toBe('policy_question');
  });

  it('never holds back what is not an action, nor a stolen card', () => {
    expect(check('payment_schedule', 0.2, 'how much do I owe?')).toBeUndefined();
    expect(check('stolen_card', 0.3, 'what happens if my card was stolen')).toBeUndefined();
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
