/**
 * The assistant's settings: every variable `agents/` reads, as one zod shape the composition
 * root (`app/config.ts`) includes in the environment schema. The model's, the knowledge
 * base's and the commerce data's fragments live beside their code and are gathered here.
 */
import { z } from 'zod';
import { flag, optionalString, optionalUrl, positiveInt } from '../src/config/env.ts';
import { commerceEnvShape } from './commerce/config.ts';
import { knowledgeEnvShape } from './knowledge/config.ts';
import { llmEnvShape, type ModelMode } from './models/llm-config.ts';

export const agentsEnvShape = {
  OPENAI_API_KEY: optionalString,
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_TIMEOUT_MS: positiveInt(10_000),
  ...llmEnvShape,
  ...knowledgeEnvShape,
  MODEL_MODE: z.enum(['offline', 'openai', 'tiered']).optional(),
  OFFLINE_MODEL_PATH: optionalString,
  LANGSMITH_API_KEY: optionalString,
  LANGSMITH_PROJECT: z.string().default('switchboard'),
  LANGSMITH_TRACING: flag,
  ...commerceEnvShape,
  /** Recent messages the graph keeps verbatim; older ones fold into a running summary. */
  HISTORY_WINDOW: positiveInt(12),
};

export type AgentsEnv = z.infer<z.ZodObject<typeof agentsEnvShape>>;

/** The model mode in force: the explicit setting, else `openai` when a key is set, else `offline`. */
export function modelModeOf(env: Pick<AgentsEnv, 'MODEL_MODE' | 'OPENAI_API_KEY'>): ModelMode {
  return env.MODEL_MODE ?? (env.OPENAI_API_KEY ? 'openai' : 'offline');
}
