/**
 * A worker thread that runs conversation turns: its own store connection and assistant,
 * so the graph's CPU work never holds up the main thread accepting webhooks. The assistant
 * comes from the factory the composition root names (see `WorkerAssistantSource`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createLogger } from '../log.ts';
import { openStore } from '../store/open.ts';
import { isStoreFault } from '../store/faults.ts';
import { runTurn } from './turn.ts';
import { loadLanguageDetector } from '../i18n/detect.ts';
import type { AssistantFactory, TurnRequest, TurnResponse, TurnWorkerSettings, WorkerAssistantSource } from './worker-pool.ts';

// The parent's parsed settings, so a worker can never run on different settings than its gateway.
const { settings, assistant: source } = workerData as { settings: TurnWorkerSettings; assistant: WorkerAssistantSource };
const logger = createLogger({ level: settings.LOG_LEVEL, name: 'switchboard-turns' });
const store = await openStore(settings.DATABASE_URL, logger);
// The assistant's factory is the composition root's: named by URL, so the core imports nothing above it.
const factory = (await import(source.module))[source.name] as AssistantFactory<unknown> | undefined;
if (typeof factory !== 'function') throw new Error(`${source.module} exports no function ${source.name}`);
const assistant = factory(source.settings, store, logger);
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
