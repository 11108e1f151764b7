import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { Logger } from './channel.ts';
import type { Assistant } from './assistant.ts';
import type { Store } from '../store/types.ts';
import type { InboxItem } from '../store/types.ts';
import type { TurnOutcome } from './turn.ts';
import type { TurnRunner } from './turn-runner.ts';
import { StoreUnavailableError } from '../store/faults.ts';

export interface TurnRequest {
  id: number;
  item: InboxItem;
}

export type TurnResponse = { id: number; outcome: TurnOutcome } | { id: number; error: string; storeFault: boolean };

/** What a worker opens its own store connection and logger with. */
export interface TurnWorkerSettings {
  DATABASE_URL: string;
  LOG_LEVEL: string;
}

/** A function that builds the assistant a worker runs turns with, from the settings it is given. */
export type AssistantFactory<Settings = never> = (settings: Settings, store: Store, logger: Logger) => Assistant;

/**
 * Where a worker finds its assistant: the composition root names a module and the
 * {@link AssistantFactory} it exports, with the settings to call it with (copied into the
 * worker, so a worker never runs on other settings than its gateway). The core loads the
 * module by URL inside the worker and never imports it.
 */
export interface WorkerAssistantSource {
  /** The module's URL (a module can give its own: `import.meta.url`). */
  module: string;
  /** The name of the exported factory. */
  name: string;
  settings: unknown;
}

/** A turn failed inside a worker (or the worker died): it is tried again, a bounded number of times. */
export class TurnWorkerError extends Error {}

interface PooledWorker {
  worker: Worker;
  ready: Promise<void>;
  pending: Map<number, { resolve(outcome: TurnOutcome): void; reject(error: Error): void }>;
}

/**
 * Runs turns on `size` worker threads, each with its own store connection and an assistant
 * built by the factory `options.assistant` names, from the same settings. A worker that dies fails its turns (the gateway tries them again)
 * and is replaced.
 */
export async function workerTurns(options: { size: number; settings: TurnWorkerSettings; assistant: WorkerAssistantSource; logger: Logger; resourceLimits?: ResourceLimits }): Promise<TurnRunner> {
  // From TypeScript sources a worker must register tsx first; built to dist/, it loads the compiled worker.
  const entry = new URL(import.meta.url.endsWith('.ts') ? './turn-worker-entry.mjs' : './turn-worker.js', import.meta.url);
  let nextId = 0;
  let closing = false;
  const workers: PooledWorker[] = [];

  const spawn = (): PooledWorker => {
    const worker = new Worker(entry, { workerData: { settings: options.settings, assistant: options.assistant }, execArgv: [], ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}) });
    const pending: PooledWorker['pending'] = new Map();
    const pooled: PooledWorker = {
      worker,
      pending,
      ready: new Promise((resolve, reject) => {
        worker.once('error', reject);
        worker.once('message', () => resolve());
      }),
    };
    worker.on('message', (response: TurnResponse | 'ready') => {
      if (response === 'ready') return;
      const waiting = pending.get(response.id);
      pending.delete(response.id);
      if ('outcome' in response) waiting?.resolve(response.outcome);
      else waiting?.reject(response.storeFault ? new StoreUnavailableError(response.error) : new TurnWorkerError(response.error));
    });
    worker.on('error', (error) => options.logger.error({ err: error }, 'turn worker failed'));
    worker.on('exit', (code) => {
      for (const waiting of pending.values()) waiting.reject(new TurnWorkerError(`turn worker exited with code ${code}`));
      pending.clear();
      const index = workers.indexOf(pooled);
      if (index >= 0 && !closing) {
        options.logger.warn({ code }, 'turn worker exited; starting another');
        workers[index] = spawn();
      }
    });
    return pooled;
  };

  for (let index = 0; index < options.size; index++) workers.push(spawn());
  await Promise.all(workers.map((pooled) => pooled.ready));

  return {
    async run(item) {
      // The least busy worker takes the turn.
      const pooled = workers.reduce((best, candidate) => (candidate.pending.size < best.pending.size ? candidate : best));
      await pooled.ready;
      const id = nextId++;
      return new Promise<TurnOutcome>((resolve, reject) => {
        pooled.pending.set(id, { resolve, reject });
        pooled.worker.postMessage({ id, item } satisfies TurnRequest);
      });
    },
    async close() {
      closing = true;
      await Promise.all(
        workers.map(
          (pooled) =>
            new Promise<void>((resolve) => {
              pooled.worker.once('exit', () => resolve());
              pooled.worker.postMessage('close');
              setTimeout(() => void pooled.worker.terminate(), 5000).unref();
            }),
        ),
      );
    },
  };
}
