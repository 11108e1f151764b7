import Database from 'better-sqlite3';
import type { Config } from './config.ts';
import type { Logger } from '../src/gateway/channel.ts';
import type { Store } from '../src/store/types.ts';
import type { AssistantFactory } from '../src/gateway/worker-pool.ts';
import { SqliteStore } from '../src/store/sqlite.ts';
import { createAssistant, createDemoCommerce, createHttpCommerce, KnowledgeBase, type CommerceBackend, type SwitchboardAssistant } from '../agents/index.ts';
import { commerceSource } from '../agents/commerce/config.ts';
import { createEmptyCommerce } from '../agents/commerce/empty-backend.ts';
import { modelSettingsFrom } from '../agents/models/llm-config.ts';
import { loadOfflineClassifier } from '../agents/models/offline/intent-router.ts';
import { timedMethods } from '../src/gateway/phases.ts';

/**
 * The assistant the configuration asks for, on the store's checkpointer. The commerce
 * backend is `COMMERCE_API_URL` when set (with `COMMERCE_API_TOKEN` as its bearer token), else
 * the embedded demo (in the same SQLite file) outside production or with `COMMERCE_DEMO=true`,
 * else none at all.
 * The intent router follows `MODEL_MODE` (offline, openai, tiered; see `agents/models/openai.ts`).
 */
export function createAssistantFor(config: Config, store: Store, logger: Logger): SwitchboardAssistant {
  return createAssistant({
    // Checkpoint reads and writes are a phase of their own in `npm run bench` (unchanged otherwise).
    checkpointer: timedMethods(store.checkpointer, 'checkpoint', ['getTuple', 'put', 'putWrites']),
    commerce: commerceFor(config, store),
    classifier: config.OFFLINE_MODEL_PATH ? loadOfflineClassifier(config.OFFLINE_MODEL_PATH) : undefined,
    model: modelSettingsFrom(config),
    historyWindow: config.HISTORY_WINDOW,
    logger,
    // Re-indexed when an article changes, in development only.
    knowledge: new KnowledgeBase({ ...(config.KNOWLEDGE_DIR ? { dir: config.KNOWLEDGE_DIR } : {}), watch: config.NODE_ENV === 'development', logger }),
    knowledgePrompt: config.KNOWLEDGE_PROMPT,
  });
}
// What a turn worker calls (by name, from this module's URL: see app/runtime.ts): the core's factory signature.
createAssistantFor satisfies AssistantFactory<Config>;

function commerceFor(config: Config, store: Store): CommerceBackend {
  const source = commerceSource(config);
  switch (source.kind) {
    case 'http':
      return createHttpCommerce(source.url, source.token ? { token: source.token } : {});
    case 'demo':
      return createDemoCommerce(store instanceof SqliteStore ? store.db : new Database(':memory:'));
    case 'none':
      return createEmptyCommerce();
  }
}
