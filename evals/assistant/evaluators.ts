/**
 * One function per check, shared by the local runner and LangSmith's
 * `evaluate()` (see `evals/langsmith.ts`). Each takes what a turn was expected
 * to do and what it did, and answers true, false, or `undefined` when the row
 * expects nothing of that kind (such rows are left out of that metric).
 */
import type { TurnExpectation } from '../datasets/schema.ts';
import type { CaseOutcome, CaseRecord, CaseVerdict, ObservedTurn, TurnVerdict } from './types.ts';

/** Case-folded, with every kind of space (NBSP, narrow NBSP) as one plain space: "1 299,00 kr" matches however Intl spaced it. */
export function normalizeForMatch(text: string): string {
  return text.replace(/[\s\u00a0\u202f\u2009]+/gu, ' ').trim().toLowerCase();
}

export function routeCorrect(expect: TurnExpectation, observed: ObservedTurn): boolean | undefined {
  return expect.route === undefined ? undefined : observed.route === expect.route;
}

export function intentCorrect(expect: TurnExpectation, observed: ObservedTurn): boolean | undefined {
  return expect.intent === undefined ? undefined : observed.intent === expect.intent;
}

export function escalationCorrect(expect: TurnExpectation, observed: ObservedTurn): boolean | undefined {
  return expect.escalate === undefined ? undefined : observed.escalated === expect.escalate;
}

export function waitingCorrect(expect: TurnExpectation, observed: ObservedTurn): boolean | undefined {
  return expect.waiting === undefined ? undefined : observed.waiting === expect.waiting;
}

// Replies that fell back to English text while claiming another language are caught by this.
const ENGLISH_FALLBACK_MARKERS = /\b(your|order|payment|refund|the|you|please|is being|has been)\b/gi;

/**
 * The reply is in the expected language: the language it was sent in, and for a
 * non-English reply, text that is not English (a missing translation falls back
 * to English while the message still says `fi`).
 */
export function languageCorrect(expect: TurnExpectation, observed: ObservedTurn): boolean | undefined {
  if (expect.lang === undefined) return undefined;
  if (observed.language !== expect.lang) return false;
  if (expect.lang === 'en') return true;
  const words = observed.reply.split(/\s+/).filter(Boolean).length;
  const english = observed.reply.match(ENGLISH_FALLBACK_MARKERS)?.length ?? 0;
  return !(words >= 8 && english / words > 0.15);
}

/** The expected tool ran, and every expected argument (order id, instalment id, card digits) reached the backend. */
export function toolCorrect(expect: TurnExpectation, observed: ObservedTurn): boolean | undefined {
  if (!expect.tool) return undefined;
  if (!observed.tools.includes(expect.tool.name)) return false;
  return Object.values(expect.tool.args ?? {}).every((value) => observed.callArgs.includes(value));
}

/** Every key fact appears in the reply, and none of the strings it must not say. */
export function factsPresent(expect: TurnExpectation, observed: ObservedTurn): boolean | undefined {
  if (!expect.facts?.length && !expect.absent?.length) return undefined;
  return missingFacts(expect, observed).length === 0 && wrongFacts(expect, observed).length === 0;
}

/** The strings of `expect.absent` that the reply contains. */
export function wrongFacts(expect: TurnExpectation, observed: ObservedTurn): string[] {
  const reply = normalizeForMatch(observed.reply);
  return (expect.absent ?? []).filter((fact) => reply.includes(normalizeForMatch(fact)));
}

/** Tools that change money or state: they run only after the customer's yes (a stolen card excepted). */
export const ACTION_TOOLS: readonly string[] = ['open_dispute', 'register_return', 'extend_due_date', 'freeze_card'];

/** The action tools that ran this turn. */
export function actionsTaken(observed: ObservedTurn): string[] {
  return observed.tools.filter((tool) => ACTION_TOOLS.includes(tool));
}

/**
 * The turn held back as expected: with `confirm`, no action ran and the reply asks
 * (a question mark or Yes/No choices); with `noAction`, no action ran.
 */
export function actionHeldBack(expect: TurnExpectation, observed: ObservedTurn): boolean | undefined {
  if (!expect.confirm && !expect.noAction) return undefined;
  if (actionsTaken(observed).length > 0) return false;
  return expect.confirm ? observed.reply.includes('?') || observed.choices.length >= 2 : true;
}

/** The facts of `expect` missing from the reply. */
export function missingFacts(expect: TurnExpectation, observed: ObservedTurn): string[] {
  const reply = normalizeForMatch(observed.reply);
  return (expect.facts ?? []).filter((fact) => !reply.includes(normalizeForMatch(fact)));
}

/** All verdicts on one turn, with short reasons for the report. */
export function judgeTurn(expect: TurnExpectation, observed: ObservedTurn): TurnVerdict {
  const verdict: TurnVerdict = {
    route: routeCorrect(expect, observed),
    intent: intentCorrect(expect, observed),
    escalation: escalationCorrect(expect, observed),
    waiting: waitingCorrect(expect, observed),
    language: languageCorrect(expect, observed),
    tool: toolCorrect(expect, observed),
    facts: factsPresent(expect, observed),
    heldBack: actionHeldBack(expect, observed),
    passed: true,
    problems: [],
  };
  const problems = verdict.problems;
  if (observed.failed) problems.push('the turn failed');
  if (verdict.route === false) problems.push(`route ${observed.route}, expected ${expect.route}`);
  if (verdict.intent === false) problems.push(`intent ${observed.intent} (${observed.confidence}), expected ${expect.intent}`);
  if (verdict.escalation === false) problems.push(expect.escalate ? 'not escalated' : `escalated (${observed.escalationReason ?? '?'})`);
  if (verdict.waiting === false) problems.push(expect.waiting ? 'not waiting for the person' : 'unexpectedly waiting');
  if (verdict.language === false) problems.push(`reply language ${observed.language}, expected ${expect.lang}${observed.language === expect.lang ? ' (text in English)' : ''}`);
  if (verdict.tool === false) problems.push(`tool ${expect.tool?.name}${expect.tool?.args ? ` ${JSON.stringify(expect.tool.args)}` : ''} not called (called: ${observed.tools.join(', ') || 'none'})`);
  const missing = missingFacts(expect, observed);
  const wrong = wrongFacts(expect, observed);
  if (missing.length) problems.push(`missing ${missing.map((fact) => JSON.stringify(fact)).join(', ')}`);
  if (wrong.length) problems.push(`said ${wrong.map((fact) => JSON.stringify(fact)).join(', ')}`);
  if (verdict.heldBack === false) problems.push(actionsTaken(observed).length ? `acted without a yes (${actionsTaken(observed).join(', ')})` : 'did not ask before acting');
  verdict.passed = problems.length === 0;
  return verdict;
}

/** How the conversation ended: with a person, declined, or resolved by the assistant. */
export function observedOutcome(turns: readonly ObservedTurn[]): CaseOutcome {
  if (turns.some((turn) => turn.escalated || turn.waiting)) return 'escalated';
  const declined = turns.some((turn) => turn.intent === 'out_of_scope') && turns.every((turn) => turn.tools.length === 0);
  return declined ? 'declined' : 'resolved';
}

/** The first turn (1-based) whose reply holds the goal's facts and ran its tool, if any did. */
export function turnsToResolution(record: CaseRecord): number | undefined {
  if (record.kind === 'message') return record.turns[0] && !record.turns[0].observed.escalated ? 1 : undefined;
  const goal = record.goal;
  if (!goal) return undefined;
  const index = record.turns.findIndex(({ observed }) => {
    if (observed.escalated || observed.waiting) return false;
    if (goal.tool && !observed.tools.includes(goal.tool)) return false;
    const reply = normalizeForMatch(observed.reply);
    return goal.facts.every((fact) => reply.includes(normalizeForMatch(fact)));
  });
  return index < 0 ? undefined : index + 1;
}

/** The verdict on one case: every turn, how it ended, whether the assistant finished it alone and correctly. */
export function judgeCase(record: CaseRecord): CaseVerdict {
  const turns = record.turns.map((turn) => judgeTurn(turn.expect, turn.observed));
  const outcome = observedOutcome(record.turns.map((turn) => turn.observed));
  const passed = turns.every((turn) => turn.passed) && outcome === record.expectedOutcome;
  const resolvedAt = outcome === 'escalated' ? undefined : turnsToResolution(record);
  return {
    id: record.id,
    kind: record.kind,
    lang: record.lang,
    turns,
    observedOutcome: outcome,
    passed,
    automated: passed && outcome !== 'escalated' && !record.turns.some((turn) => turn.observed.unanswered),
    ...(resolvedAt !== undefined && record.expectedOutcome === 'resolved' ? { turnsToResolution: resolvedAt } : {}),
  };
}
