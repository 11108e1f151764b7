/**
 * The tiered {@link IntentRouter}: the offline router answers what it is sure
 * of (confidence at or above the threshold), the LLM the rest. When the LLM
 * fails, the offline answer stands, marked as a fallback. Each prediction says
 * who decided (`decidedBy`), which is the split the metrics count.
 */
import type { LlmIntentRouter } from './llm-router.ts';
import type { IntentRouter } from './types.ts';

export interface TieredRouterOptions {
  offline: IntentRouter;
  llm: LlmIntentRouter;
  /** 0..1: the offline confidence from which the LLM is not asked. */
  threshold: number;
}

export function tieredIntentRouter(options: TieredRouterOptions): IntentRouter {
  return {
    async predict(text, context) {
      const offline = await options.offline.predict(text, context);
      if (offline.confidence >= options.threshold) return { ...offline, decidedBy: 'offline' };
      const answer = await options.llm.ask(text, context);
      if (answer.ok) return answer.prediction;
      return { ...offline, decidedBy: 'fallback', modelFailure: answer.failure, modelMs: answer.ms };
    },
  };
}
