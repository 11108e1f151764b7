import { describe, expect, it } from 'vitest';
import { judgeCase, judgeTurn, normalizeForMatch, observedOutcome } from './evaluators.ts';
import { escalationCounts, quantile, rate, summarize } from './summary.ts';
import { checkThresholds } from './thresholds.ts';
import type { CaseRecord, ObservedTurn } from './types.ts';

const observed = (overrides: Partial<ObservedTurn> = {}): ObservedTurn => ({
  route: 'refunds', intent: 'refund_status', confidence: 0.9, escalated: false, waiting: false, tools: ['get_refund_status'],
  callArgs: ['1042'], language: 'sv', reply: 'Återbetalningen på 1\u00a0299,00\u00a0kr för order 1042 behandlas.', choices: [], latencyMs: 10, failed: false, ...overrides,
});

const message = (id: string, expectRoute: string, gotRoute: string, extra: Partial<ObservedTurn> = {}, escalate = false): CaseRecord => ({
  id, kind: 'message', lang: 'en', expectedOutcome: escalate ? 'escalated' : 'resolved',
  turns: [{ text: id, expect: { route: expectRoute as 'refunds', escalate, lang: 'en' }, observed: observed({ route: gotRoute, language: 'en', reply: 'ok', tools: [], ...extra }) }],
});

describe('turn evaluators', () => {
  it('catches an action taken before a yes, a missing question, and a wrong fact said', () => {
    const acted = observed({ tools: ['list_orders', 'open_dispute'], reply: 'Done: dispute D-00004 opened on order 1044.' });
    expect(judgeTurn({ confirm: true, absent: ['1044'] }, acted)).toMatchObject({ heldBack: false, facts: false, passed: false });
    expect(judgeTurn({ confirm: true }, acted).problems).toContain('acted without a yes (open_dispute)');
    const stated = observed({ tools: ['list_orders'], reply: 'Order 1043 is on its way.' });
    expect(judgeTurn({ confirm: true }, stated)).toMatchObject({ heldBack: false, passed: false });
    expect(judgeTurn({ noAction: true }, stated)).toMatchObject({ heldBack: true, passed: true });
    const asked = observed({ tools: ['list_orders'], reply: 'Shall I open a dispute on order 1043 (Down jacket, 849,00 kr)?', choices: ['Yes', 'No'] });
    expect(judgeTurn({ confirm: true, facts: ['1043'], absent: ['1044'] }, asked)).toMatchObject({ heldBack: true, facts: true, passed: true });
  });

  it('matches an amount however Intl spaced it, and checks the tool acted on the expected order', () => {
    expect(normalizeForMatch('1\u00a0299,00\u202fkr')).toBe('1 299,00 kr');
    const verdict = judgeTurn({ route: 'refunds', tool: { name: 'get_refund_status', args: { orderId: '1042' } }, facts: ['1042', '1 299,00 kr'], lang: 'sv', escalate: false }, observed());
    expect(verdict).toMatchObject({ route: true, tool: true, facts: true, language: true, escalation: true, passed: true });
  });

  it('fails a tool called on the wrong order, a missing fact, and an English text sent as Swedish', () => {
    const wrong = observed({ callArgs: ['1043'], reply: 'Your refund for the order is being processed and you will have it soon, please wait.' });
    const verdict = judgeTurn({ tool: { name: 'get_refund_status', args: { orderId: '1042' } }, facts: ['1042'], lang: 'sv' }, wrong);
    expect(verdict.tool).toBe(false);
    expect(verdict.facts).toBe(false);
    expect(verdict.language).toBe(false);
    expect(verdict.problems).toHaveLength(3);
  });

  it('leaves out what a row does not expect', () => {
    expect(judgeTurn({}, observed())).toMatchObject({ route: undefined, tool: undefined, facts: undefined, passed: true });
  });

  it('calls a conversation escalated when any turn escalated or waited for a person, declined when it only refused', () => {
    expect(observedOutcome([observed(), observed({ waiting: true })])).toBe('escalated');
    expect(observedOutcome([observed({ intent: 'out_of_scope', tools: [] })])).toBe('declined');
    expect(observedOutcome([observed()])).toBe('resolved');
  });

  it('measures turns to resolution at the first turn that meets the goal', () => {
    const scenario: CaseRecord = {
      id: 's', kind: 'scenario', lang: 'sv', expectedOutcome: 'resolved', goal: { turn: 2, facts: ['1042'], tool: 'get_refund_status' },
      turns: [
        { text: 'hej', expect: {}, observed: observed({ tools: [], reply: 'Hej!' }) },
        { text: 'återbetalning?', expect: {}, observed: observed() },
        { text: 'tack', expect: {}, observed: observed({ tools: [], reply: 'Varsågod' }) },
      ],
    };
    expect(judgeCase(scenario)).toMatchObject({ passed: true, automated: true, turnsToResolution: 2 });
  });

  it('does not count "I don\'t have an article on that" as automated, even where it was the right answer', () => {
    const unanswered = message('kb', 'general', 'general', { intent: 'policy_question', unanswered: true });
    expect(judgeCase(unanswered)).toMatchObject({ passed: true, automated: false });
    expect(judgeCase(message('kb2', 'general', 'general', { intent: 'policy_question' }))).toMatchObject({ passed: true, automated: true });
  });
});

describe('metrics', () => {
  it('computes escalation precision and recall by hand', () => {
    // 2 right escalations, 1 unneeded, 1 missed, 1 right non-escalation.
    const counts = escalationCounts([
      { expected: true, escalated: true }, { expected: true, escalated: true }, { expected: false, escalated: true },
      { expected: true, escalated: false }, { expected: false, escalated: false },
    ]);
    expect(counts.precision).toBeCloseTo(2 / 3);
    expect(counts.recall).toBeCloseTo(2 / 3);
  });

  it('rates only defined verdicts and takes nearest-rank quantiles', () => {
    expect(rate([true, false, undefined, true])).toBeCloseTo(2 / 3);
    expect(quantile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBe(10);
  });

  it('summarizes routing accuracy, macro-F1, automation rate and escalation recall over cases', () => {
    const records = [
      message('a', 'refunds', 'refunds'),
      message('b', 'refunds', 'orders'),
      message('c', 'orders', 'orders'),
      message('d', 'general', 'general', { escalated: true, escalationReason: 'requested_human' }, true),
    ];
    const { metrics, routing } = summarize(records);
    expect(metrics.routingAccuracy).toBe(0.75);
    // refunds P=1 R=.5 F1=.667; orders P=.5 R=1 F1=.667; general F1=1.
    expect(metrics.routingMacroF1).toBeCloseTo((2 / 3 + 2 / 3 + 1) / 3, 3);
    expect(routing.confusion.flat().reduce((a, b) => a + b)).toBe(4);
    expect(metrics.automationRate).toBe(0.5); // a and c; d went to a person; b was wrong
    expect(metrics.automatableShare).toBe(0.75);
    expect(metrics.escalationRecall).toBe(1);
  });

  it('fails a threshold when a metric is below its minimum or above its maximum, and skips unmeasured ones', () => {
    const { metrics } = summarize([message('a', 'refunds', 'orders')]);
    const checks = checkThresholds(metrics, { min: { routingAccuracy: 0.5 }, max: { latencyP95Ms: 5, avgTurnsToResolution: 3 } }, ['avgTurnsToResolution']);
    expect(checks.map((check) => [check.metric, check.passed])).toEqual([['routingAccuracy', false], ['latencyP95Ms', false]]);
  });
});
