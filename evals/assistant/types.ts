/**
 * What the assistant eval observes and records. Everything here is plain JSON,
 * so the same records feed the terminal table, the JSON/HTML report and
 * LangSmith's `evaluate()` outputs.
 */
import type { TurnExpectation } from '../datasets/schema.ts';

/** What one message got back, as the person and the gateway saw it. */
export interface ObservedTurn {
  route: string;
  intent: string;
  confidence: number;
  escalated: boolean;
  escalationReason?: string;
  /** The thread was already with a person: the assistant only said so. */
  waiting: boolean;
  /** Tool names the turn called (`meta.tools`). */
  tools: string[];
  /** Every primitive argument the commerce backend received this turn (order ids, instalment ids, card digits). */
  callArgs: string[];
  /** The language the reply was sent in. */
  language: string;
  reply: string;
  /** The buttons offered with the reply (a Yes/No confirmation, a choice of orders). */
  choices: string[];
  latencyMs: number;
  /** The turn failed and the person got the generic failure reply. */
  failed: boolean;
  /** The assistant had no article for the question and offered a person: not an automated answer. */
  unanswered?: boolean;
}

/** One turn with what was expected of it. */
export interface TurnRecord {
  text: string;
  expect: TurnExpectation;
  observed: ObservedTurn;
}

export type CaseKind = 'message' | 'scenario';
export type { Split } from '../datasets/schema.ts';
export type CaseOutcome = 'resolved' | 'escalated' | 'declined';

/** One dataset row run through the pipeline. */
export interface CaseRecord {
  id: string;
  kind: CaseKind;
  title?: string;
  /** The language the case is written in (a scenario's final language). */
  lang: string;
  turns: TurnRecord[];
  expectedOutcome: CaseOutcome;
  /** Scenarios: the turn (1-based) whose facts and tool mean the matter is resolved. */
  goal?: { turn: number; facts: string[]; tool?: string };
}

/** The verdicts on one turn; `undefined` when the row expects nothing of that kind. */
export interface TurnVerdict {
  route?: boolean;
  intent?: boolean;
  escalation?: boolean;
  waiting?: boolean;
  language?: boolean;
  tool?: boolean;
  facts?: boolean;
  /** No action ran without the customer's yes (and, for a confirmation, the reply asked). */
  heldBack?: boolean;
  /** Every applicable verdict holds. */
  passed: boolean;
  /** Short reasons for each failed verdict, for the report. */
  problems: string[];
}

/** The verdict on a whole case. */
export interface CaseVerdict {
  id: string;
  kind: CaseKind;
  lang: string;
  turns: TurnVerdict[];
  observedOutcome: CaseOutcome;
  /** Every turn passed and the case ended as expected. */
  passed: boolean;
  /** Finished by the assistant alone, and correctly. */
  automated: boolean;
  /** Scenarios the assistant resolved: the turn at which the goal was met. */
  turnsToResolution?: number;
}
