/**
 * The seam between the graph and whatever recognises intents. The offline
 * classifier implements it today; an LLM provider (or a tiered one: offline
 * first, the LLM for what it is unsure of) can be swapped in without touching
 * the graph.
 */
import type { Intent } from '../intents.ts';

export interface IntentPrediction {
  intent: Intent;
  /** 0..1: how sure the model is of `intent`. */
  confidence: number;
  /** Other candidates, best first. */
  alternatives: { intent: Intent; score: number }[];
}

export interface IntentRouterContext {
  language: string;
  /** The intent of the previous turn, for follow-ups. */
  previousIntent?: string;
}

export interface IntentRouter {
  predict(text: string, context: IntentRouterContext): IntentPrediction | Promise<IntentPrediction>;
}
