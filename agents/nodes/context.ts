/**
 * What every node receives besides state: the turn's verified identity and its
 * toolbox (through LangGraph's run context, never through state or text), and
 * the graph's fixed dependencies.
 */
import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import type { TurnCustomer } from '../../src/gateway/assistant.ts';
import type { EscalationRules } from '../escalation.ts';
import type { KnowledgeSource } from '../specialists/general.ts';
import type { DecidedBy, IntentRouter, ModelFailure } from '../models/types.ts';
import type { Toolbox } from '../tools/toolbox.ts';

// A type alias, not an interface: LangGraph's context parameter wants an indexable record.
export type TurnContext = {
  identity: TurnCustomer;
  toolbox: Toolbox;
  language: string;
  market: string;
  /** The customer's own currency, if known, for amounts written without one. */
  currency?: string;
  /** How the router node decided this turn, written by it for the escalation policy's meta (like `toolbox.called`). */
  routing?: RoutingRecord;
};

/** Who routed a turn and, if a model failed, why; it ends up in `TurnResult.meta`. */
export interface RoutingRecord {
  decidedBy: DecidedBy;
  modelFailure?: ModelFailure;
  modelMs?: number;
}

/** The routing record as meta fields: `decidedBy`, and `modelFallback`/`modelFailure` when the model failed. */
export function routingMeta(record: RoutingRecord | undefined): Record<string, unknown> {
  if (!record) return {};
  return {
    decidedBy: record.decidedBy,
    ...(record.modelMs !== undefined ? { modelMs: record.modelMs } : {}),
    ...(record.modelFailure ? { modelFallback: true, modelFailure: record.modelFailure } : {}),
  };
}

export interface GraphDependencies {
  intentRouter: IntentRouter;
  historyWindow: number;
  rules: EscalationRules;
  /** The company's articles, for policy questions. */
  knowledge: KnowledgeSource;
}

/** The turn context of a run; a run without one is a programming error. */
export function turnContext(config: LangGraphRunnableConfig): TurnContext {
  const context = (config as { context?: TurnContext }).context;
  if (!context?.toolbox || !context.identity) throw new Error('assistant graph invoked without a turn context');
  return context;
}
