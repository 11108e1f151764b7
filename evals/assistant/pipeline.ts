/**
 * The whole gateway pipeline in-process, for evaluation: a message enters through
 * `gateway.accept` on the terminal channel exactly as `npm run chat` feeds it, so
 * identity, market, language detection, the graph, handoff and the outbox are all
 * measured; the reply comes back with its `meta` and `language`.
 *
 * It is wired like `app/runtime.ts` (store, assistant, handoff hooks, gateway,
 * turns on this thread), with one difference: the demo commerce backend is
 * wrapped so every call and its arguments are recorded, which is how the eval
 * checks that a tool acted on the right order or card.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createCliChannel } from '../../channels/cli/index.ts';
import { createAssistant, createDemoCommerce, type CommerceBackend } from '../../agents/index.ts';
import { modelSettingsFrom } from '../../agents/models/llm-config.ts';
import type { IntentClassifier } from '../../agents/models/offline/classifier.ts';
import type { Config } from '../../app/config.ts';
import type { Logger } from '../../src/gateway/channel.ts';
import { Gateway } from '../../src/gateway/gateway.ts';
import type { OutboundMessage } from '../../src/gateway/messages.ts';
import { inProcessTurns } from '../../src/gateway/turn-runner.ts';
import type { ReportRecorder } from '../../src/reports/recorder.ts';
import { reportTurnListener } from '../../src/reports/turn-listener.ts';
import { createHandoff, isHandoffAssistant } from '../../src/handoff/index.ts';
import { createMetrics } from '../../src/server/metrics.ts';
import { SqliteStore, openSqliteStore } from '../../src/store/sqlite.ts';

/** One commerce call made during a turn, with its arguments. */
export interface CommerceCall {
  method: string;
  args: unknown[];
}

/** What one message produced. */
export interface TurnObservation {
  replies: OutboundMessage[];
  calls: CommerceCall[];
  latencyMs: number;
}

export interface EvalPipeline {
  /** Sends one message from `sender` (a demo customer's phone) on `conversation` and waits for its reply. */
  send(sender: string, text: string, conversation: string): Promise<TurnObservation>;
  close(): Promise<void>;
}

export interface PipelineFactoryOptions {
  config: Config;
  /** The offline router's classifier, loaded once and shared by every pipeline. */
  classifier: IntentClassifier;
  logger: Logger;
  /** Counts every case's conversation into this report store as eval runs (`npm run eval -- --store URL`). */
  reports?: ReportRecorder;
}

/** A silent logger: eval output is the report, not the gateway's logs. */
export const quietLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quietLogger };

/** Wraps a backend so every call is appended to `calls`. */
export function recordingCommerce(inner: CommerceBackend, calls: CommerceCall[]): CommerceBackend {
  return new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push({ method: String(property), args });
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/**
 * Makes pipelines that each start from the same freshly seeded database (a file
 * copy of a template), so one case's returns, extensions or frozen cards never
 * leak into the next, and the customer's remembered language starts empty.
 */
export class PipelineFactory {
  private readonly dir = mkdtempSync(join(tmpdir(), 'switchboard-eval-'));
  private readonly template = join(this.dir, 'template.db');
  private count = 0;
  /** Tells this run's conversations from an earlier run's in the same report store. */
  private readonly run = Date.now().toString(36);

  constructor(private readonly options: PipelineFactoryOptions) {}

  async open(): Promise<EvalPipeline> {
    if (!existsSync(this.template)) {
      const store = openSqliteStore(`sqlite:${this.template}`);
      createDemoCommerce(store.db);
      await store.close();
    }
    const file = join(this.dir, `case-${++this.count}.db`);
    copyFileSync(this.template, file);
    return openPipeline(file, this.options, `eval:${this.run}:${this.count}:`);
  }

  /** Removes the temporary databases. */
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function openPipeline(file: string, { config, classifier, logger, reports }: PipelineFactoryOptions, casePrefix: string): Promise<EvalPipeline> {
  const store = openSqliteStore(`sqlite:${file}`);
  if (!(store instanceof SqliteStore)) throw new Error('the eval pipeline needs a SQLite store');
  const calls: CommerceCall[] = [];
  const assistant = createAssistant({
    checkpointer: store.checkpointer,
    commerce: recordingCommerce(createDemoCommerce(store.db), calls),
    classifier,
    model: modelSettingsFrom(config),
    historyWindow: config.HISTORY_WINDOW,
    logger,
  });
  const replies: OutboundMessage[] = [];
  const channel = createCliChannel((message) => replies.push(message));
  const gateway = new Gateway({
    store,
    turns: inProcessTurns({ store, assistant, logger }),
    channels: [channel],
    logger,
    metrics: createMetrics(),
    concurrency: 1,
    leaseMs: config.LEASE_MS,
    mergePhoneChannels: config.MERGE_PHONE_CHANNELS,
    outboxMaxAttempts: config.OUTBOX_MAX_ATTEMPTS,
  });
  const handoff = isHandoffAssistant(assistant) ? await createHandoff({ store, gateway, assistant, logger, env: { ...config } }) : undefined;
  if (handoff) gateway.use(handoff.hooks);
  if (reports) {
    gateway.observe(reportTurnListener({ recorder: reports, customers: store.customers, source: 'eval', threadPrefix: casePrefix, ...(handoff ? { tickets: handoff.service.tickets } : {}) }));
  }
  await gateway.start();
  return {
    async send(sender, text, conversation) {
      replies.length = 0;
      calls.length = 0;
      const started = performance.now();
      await gateway.accept({ channel: 'cli', providerMessageId: randomUUID(), senderAddress: sender, conversationKey: conversation, text, receivedAt: new Date() });
      await gateway.idle();
      const latencyMs = performance.now() - started;
      // Lookups of who is writing are plumbing, not tools: leave them out.
      const acted = calls.filter((call) => call.method !== 'customerByAddress' && call.method !== 'merchantByTenant');
      return { replies: [...replies], calls: acted, latencyMs };
    },
    async close() {
      await gateway.stop();
      await store.close();
    },
  };
}
