/**
 * The model settings: a zod fragment the environment schema composes
 * (`...llmEnvShape` in `app/config.ts`) and the typed settings the
 * router factory takes, so nothing in `agents/` reads `process.env`.
 */
import { z } from 'zod';

/** Variables this module adds to the environment schema. */
export const llmEnvShape = {
  /** Tiered mode: the offline router's answer stands at or above this confidence; below it the LLM decides. */
  TIERED_CONFIDENCE: z.coerce.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').default(0.7),
  /** Retries of a failed model call (429 honours Retry-After, 5xx backs off) within OPENAI_TIMEOUT_MS. */
  OPENAI_MAX_RETRIES: z.coerce.number().int('must be a whole number').min(0).max(10).default(2),
};

export type LlmEnv = z.infer<z.ZodObject<typeof llmEnvShape>>;

export type ModelMode = 'offline' | 'openai' | 'tiered';

/** What the router factory needs to know about the model. */
export interface ModelSettings {
  mode: ModelMode;
  apiKey?: string;
  model: string;
  /** An OpenAI-compatible server (vLLM, Ollama...); default: OpenAI. */
  baseUrl?: string;
  /** The whole budget of one routing call, retries included; past it the offline router answers. */
  timeoutMs: number;
  maxRetries: number;
  tieredConfidence: number;
}

/** The subset of the gateway's `Config` the model settings are read from. */
export interface ModelConfigSource {
  modelMode: ModelMode;
  OPENAI_API_KEY?: string;
  OPENAI_MODEL: string;
  OPENAI_BASE_URL?: string;
  OPENAI_TIMEOUT_MS: number;
  TIERED_CONFIDENCE?: number;
  OPENAI_MAX_RETRIES?: number;
}

const defaults = z.object(llmEnvShape).parse({});

/** The settings from parsed configuration; the fragment's variables fall back to their defaults if not composed yet. */
export function modelSettingsFrom(config: ModelConfigSource): ModelSettings {
  return {
    mode: config.modelMode,
    ...(config.OPENAI_API_KEY ? { apiKey: config.OPENAI_API_KEY } : {}),
    model: config.OPENAI_MODEL,
    ...(config.OPENAI_BASE_URL ? { baseUrl: config.OPENAI_BASE_URL } : {}),
    timeoutMs: config.OPENAI_TIMEOUT_MS,
    maxRetries: config.OPENAI_MAX_RETRIES ?? defaults.OPENAI_MAX_RETRIES,
    tieredConfidence: config.TIERED_CONFIDENCE ?? defaults.TIERED_CONFIDENCE,
  };
}
