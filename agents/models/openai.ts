/**
 * The OpenAI provider: `ChatOpenAI` for OpenAI itself or any server that
 * speaks its chat-completions API (`OPENAI_BASE_URL`: vLLM, Ollama...), and the
 * router the model settings ask for. The graph only ever sees the resulting
 * {@link IntentRouter}.
 */
import { ChatOpenAI } from '@langchain/openai';
import type { ModelSettings } from './llm-config.ts';
import { llmIntentRouter, type RouterLogger } from './llm-router.ts';
import { loadOfflineClassifier, offlineIntentRouter } from './offline/intent-router.ts';
import type { IntentClassifier } from './offline/classifier.ts';
import { tieredIntentRouter } from './tiered-router.ts';
import type { IntentRouter } from './types.ts';

/** A ChatOpenAI client: deterministic routing, retries with backoff (429 honours Retry-After). */
export function createOpenAIChatModel(settings: Pick<ModelSettings, 'apiKey' | 'model' | 'baseUrl' | 'timeoutMs' | 'maxRetries'> & { maxTokens?: number }): ChatOpenAI {
  if (!settings.apiKey) throw new Error('OPENAI_API_KEY is required for the OpenAI model (or set MODEL_MODE=offline)');
  return new ChatOpenAI({
    model: settings.model,
    apiKey: settings.apiKey,
    temperature: 0,
    maxTokens: settings.maxTokens ?? 200,
    // Each attempt gets the whole budget; the router's own deadline bounds all attempts together.
    timeout: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    configuration: settings.baseUrl ? { baseURL: settings.baseUrl } : {},
  });
}

export interface IntentRouterDependencies {
  /** The offline classifier; default: the shipped router model. */
  classifier?: IntentClassifier;
  logger?: RouterLogger;
}

/**
 * The router for the settings: `offline` (the shipped classifier), `openai`
 * (the LLM decides, offline when it fails) or `tiered` (offline when sure,
 * else the LLM, offline when it fails).
 */
export function createIntentRouter(settings: ModelSettings, dependencies: IntentRouterDependencies = {}): IntentRouter {
  const offline = offlineIntentRouter(dependencies.classifier ?? loadOfflineClassifier());
  if (settings.mode === 'offline') return offline;
  const llm = llmIntentRouter({
    model: createOpenAIChatModel(settings),
    fallback: offline,
    timeoutMs: settings.timeoutMs,
    ...(dependencies.logger ? { logger: dependencies.logger } : {}),
  });
  return settings.mode === 'tiered' ? tieredIntentRouter({ offline, llm, threshold: settings.tieredConfidence }) : llm;
}
