import Database from 'better-sqlite3';
import type { Config } from './config/env.ts';
import type { Assistant } from './gateway/assistant.ts';
import type { Logger } from './gateway/channel.ts';
import type { Store } from './store/types.ts';
import { SqliteStore } from './store/sqlite.ts';
import { createAssistant, createDemoCommerce, createHttpCommerce, KnowledgeBase } from '../agents/index.ts';
import { modelSettingsFrom } from '../agents/models/llm-config.ts';
import { loadOfflineClassifier } from '../agents/models/offline/intent-router.ts';

/**
 * The assistant the configuration asks for, on the store's checkpointer. The commerce
 * backend is `COMMERCE_API_URL` when set, else the embedded demo (in the same SQLite file).
 * The intent router follows `MODEL_MODE` (offline, openai, tiered; see `agents/models/openai.ts`).
 */
export function createAssistantFor(config: Config, store: Store, logger: Logger): Assistant {
  const commerce = config.COMMERCE_API_URL
    ? createHttpCommerce(config.COMMERCE_API_URL)
    : createDemoCommerce(store instanceof SqliteStore ? store.db : new Database(':memory:'));
  return createAssistant({
    checkpointer: store.checkpointer,
    commerce,
    classifier: config.OFFLINE_MODEL_PATH ? loadOfflineClassifier(config.OFFLINE_MODEL_PATH) : undefined,
    model: modelSettingsFrom(config),
    historyWindow: config.HISTORY_WINDOW,
    logger,
    // Re-indexed when an article changes, in development only.
    knowledge: new KnowledgeBase({ ...(config.KNOWLEDGE_DIR ? { dir: config.KNOWLEDGE_DIR } : {}), watch: config.NODE_ENV === 'development', logger }),
    knowledgePrompt: config.KNOWLEDGE_PROMPT,
  });
}
