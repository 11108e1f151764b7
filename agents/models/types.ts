/**
 * The seam between the graph and whatever recognises intents. The offline
 * classifier, the LLM router (`llm-router.ts`) and the tiered one (offline
 * first, the LLM for what it is unsure of) all implement it; the graph knows
 * none of them.
 */
import type { Intent } from '../intents.ts';
import type { Slots } from '../slots.ts';
import type { ChatMessage } from '../state.ts';

/**
 * Who made the routing decision of a turn, kept in `TurnResult.meta.decidedBy`
 * (a metric label): the offline router, the LLM, the offline router because the
 * LLM failed, or a rule (a chosen button, an order number answering the question asked).
 */
export type DecidedBy = 'offline' | 'llm' | 'fallback' | 'rule';

/** Why the LLM's answer was not used (then the offline router answered). */
export type ModelFailure = 'timeout' | 'rate_limited' | 'server_error' | 'invalid_output' | 'error';

/** Slots a model may add; the verified identity is never one of them. */
export type PredictedSlots = Pick<Slots, 'orderId' | 'amount'>;

export interface IntentPrediction {
  intent: Intent;
  /** 0..1: how sure the model is of `intent`. */
  confidence: number;
  /** Other candidates, best first. */
  alternatives: { intent: Intent; score: number }[];
  /** Slots the model read from the message (checked against its text); the regex ones win. */
  slots?: PredictedSlots;
  /** Who decided; absent means the router is the offline one. */
  decidedBy?: DecidedBy;
  /** Set when a model was asked and failed, so the offline router answered. */
  modelFailure?: ModelFailure;
  /** Milliseconds spent waiting for the model, when one was asked. */
  modelMs?: number;
}

export interface IntentRouterContext {
  language: string;
  /** The intent of the previous turn, for follow-ups. */
  previousIntent?: string;
  /** The messages before this one (already masked), oldest first, for a model that reads context. */
  history?: readonly ChatMessage[];
}

export interface IntentRouter {
  predict(text: string, context: IntentRouterContext): IntentPrediction | Promise<IntentPrediction>;
}
