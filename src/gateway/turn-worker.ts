/**
 * A worker thread that runs conversation turns: its own store connection and assistant,
 * so the graph's CPU work never holds up the main thread accepting webhooks.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config/env.ts';
import { createLogger } from '../log.ts';
import { openStore } from '../store/open.ts';
import { createAssistantFor } from '../assistant-factory.ts';
import { isStoreFault } from '../store/faults.ts';
import { runTurn } from './turn.ts';
import { loadLanguageDetector } from '../i18n/detect.ts';
import type { TurnRequest, TurnResponse } from './worker-pool.ts';

// The parent's parsed configuration, so a worker can never run on different settings than its gateway.
const config = workerData.config as Config;
const logger = createLogger({ level: config.LOG_LEVEL, name: 'switchboard-turns' });
const store = await openStore(config.DATABASE_URL, logger);
const assistant = createAssistantFor(config, store, logger);
// Turns run here, and only here: the detector's tables load before the first turn, not in the accepting thread.
await loadLanguageDetector();
const port = parentPort!;

port.on('message', (request: TurnRequest | 'close') => {
  if (request === 'close') {
    void Promise.resolve(assistant.close?.())
      .then(() => store.close())
      .finally(() => port.close());
    return;
  }
  const log = logger.child({ threadId: request.item.threadId, messageId: request.item.id });
  runTurn(request.item, { store, assistant, logger: log }).then(
    (outcome) => port.postMessage({ id: request.id, outcome } satisfies TurnResponse),
    (error: unknown) =>
      port.postMessage({
        id: request.id,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        // The error's class does not cross the thread: say here whether it was the database's.
        storeFault: isStoreFault(error),
      } satisfies TurnResponse),
  );
});
port.postMessage('ready');
