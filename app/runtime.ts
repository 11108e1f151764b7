import type { Config } from './config.ts';
import type { Assistant } from '../src/gateway/assistant.ts';
import type { ChannelAdapter, ChannelContext, Logger } from '../src/gateway/channel.ts';
import type { ChannelId } from '../src/gateway/messages.ts';
import type { Store } from '../src/store/types.ts';
import { Gateway } from '../src/gateway/gateway.ts';
import { createMetrics, type Metrics } from '../src/server/metrics.ts';
import { openStore } from '../src/store/open.ts';
import { SqliteStore } from '../src/store/sqlite.ts';
import { createApp } from '../src/server/app.ts';
import { createChannels } from './channels.ts';
import { webWarnings } from '../channels/web/config.ts';
import { commerceWarnings } from '../agents/commerce/config.ts';
import { assistantOnFirstUse } from './assistant-on-first-use.ts';
import { privacyCommerceFor } from './privacy-commerce.ts';
import { createHandoff, isHandoffAssistant, type Handoff } from '../src/handoff/index.ts';
import { createPrivacy, type Privacy } from '../src/privacy/index.ts';
import { createReports, mountReports, seedDemoReports } from '../src/reports/index.ts';
import { inProcessTurns, type TurnRunner } from '../src/gateway/turn-runner.ts';
import { workerTurns } from '../src/gateway/worker-pool.ts';
import { availableParallelism } from 'node:os';
import type { Router } from 'express';

export interface RuntimeOptions {
  logger: Logger;
  /** Adds channels that have no webhook (the terminal chat). */
  extraChannels?: ChannelAdapter[];
  /** Build only these of the channels (the chat command builds `cli` alone). */
  only?: ChannelId[];
}

export interface Runtime {
  config: Config;
  store: Store;
  gateway: Gateway;
  assistant: Assistant;
  metrics: Metrics;
  channelStatus: Partial<Record<ChannelId, true | string>>;
  /** What an operator must hear at start: settings that are unsafe or surprising (web ids trusted, no commerce data). */
  warnings: string[];
  app: ReturnType<typeof createApp>;
  /** Human handoff (tickets, agents, console); absent when the assistant cannot be resumed. */
  handoff?: Handoff;
  /** Retention sweeps, erasure and export on request. */
  privacy: Privacy;
  close(): Promise<void>;
}

/** Wires store, assistant, channels and gateway from configuration. Nothing is started yet. */
export async function createRuntime(config: Config, options: RuntimeOptions): Promise<Runtime> {
  const { logger } = options;
  // The main thread waits at most a second for another connection's SQLite lock (a wait blocks its event loop); a write still busy then is retried.
  const store = await openStore(config.DATABASE_URL, logger, { busyTimeoutMs: 1000, rescueOnClose: true });
  const metrics = createMetrics();
  // With turn workers this thread only resumes threads after a handoff: its assistant, and the
  // modules behind it (LangGraph, LangChain, the agents), load on that first call.
  const inWorkers = turnWorkers(config) > 0;
  const build = async () => (await import('./assistant-factory.ts')).createAssistantFor(config, store, logger);
  const assistant = inWorkers ? assistantOnFirstUse(build) : await build();
  let gateway: Gateway | undefined;
  const context: ChannelContext = {
    state: store.channelState,
    logger,
    reportDelivery: (report) => gateway!.reportDelivery(report),
  };
  const { adapters, status } = await createChannels(config, store, context, options.only);
  const channels = [...adapters, ...(options.extraChannels ?? [])];
  const turns = await createTurnRunner(config, { store, assistant, logger });
  gateway = new Gateway({
    store,
    turns,
    channels,
    logger,
    metrics,
    concurrency: config.DISPATCH_CONCURRENCY,
    leaseMs: config.LEASE_MS,
    mergePhoneChannels: config.MERGE_PHONE_CHANNELS,
    outboxMaxAttempts: config.OUTBOX_MAX_ATTEMPTS,
    turnMaxAttempts: config.TURN_MAX_ATTEMPTS,
  });
  const handoff = isHandoffAssistant(assistant)
    ? await createHandoff({ store, gateway, assistant, logger, env: { ...config } })
    : undefined;
  if (handoff) {
    gateway.use(handoff.hooks);
    handoff.start();
  }
  const commerceRecords = privacyCommerceFor(config, store);
  const privacy = await createPrivacy({ store, settings: config, logger, ...(commerceRecords ? { commerce: commerceRecords } : {}) });
  privacy.start();
  // Reports count conversations as turns commit and follow tickets as they change (src/reports/).
  const reports = createReports({ store, config, metrics, logger, ...(handoff ? { service: handoff.service } : {}) });
  gateway.observe(reports.listener);
  if (handoff) reports.follow(handoff.service);
  const seeded = await seedDemoReports(reports.store, config).catch((error: unknown) => {
    logger.warn({ err: error }, 'reports: the demo seed failed (another replica may have written it)');
    return 0;
  });
  if (seeded) logger.info({ conversations: seeded }, `reports: DEMO DATA — ${seeded} made-up conversations seeded for the Reports page (labelled demo; hidden once real traffic arrives; REPORTS_DEMO_SEED=off to skip; never in production)`);
  // The reports use the console's own credentials: a Bearer token or a console session.
  const reportRoutes = (auth: NonNullable<typeof handoff>['auth']) => (router: Router) =>
    mountReports(router, { reports: reports.store, authenticate: async (request) => (await auth.authenticate(request))?.agent, logger });
  const app = createApp({
    gateway,
    channels,
    metrics,
    logger,
    mount: [...(handoff ? [(router: Router) => handoff.mount(router), reportRoutes(handoff.auth)] : []), (router) => privacy.mount(router)],
  });
  const started = gateway;
  return {
    config,
    store,
    gateway: started,
    assistant,
    metrics,
    channelStatus: status,
    warnings: [...(status.web === true ? webWarnings(config) : []), ...commerceWarnings(config)],
    app,
    ...(handoff ? { handoff } : {}),
    privacy,
    async close() {
      await privacy.stop();
      await handoff?.stop();
      await started.stop();
      await turns.close();
      for (const channel of channels) await channel.close?.();
      await assistant.close?.();
      await store.close();
      if (store instanceof SqliteStore && store.rescuedTo) {
        logger.warn({ path: store.rescuedTo }, `the database file had been removed; what the gateway held is written back to ${store.rescuedTo}`);
      }
    },
  };
}

/**
 * The module that exports `createAssistantFor`, by URL, for turn workers to load (this thread
 * does not import it until it needs an assistant of its own): `.ts` from the sources, `.js` built.
 */
const ASSISTANT_FACTORY_MODULE = new URL(import.meta.url.endsWith('.ts') ? './assistant-factory.ts' : './assistant-factory.js', import.meta.url).href;

/** A turn worker's young generation, in MiB: half of V8's default (32), the scavenges twice as many and as cheap. */
const TURN_WORKER_YOUNG_GENERATION_MB = 16;

/** How many worker threads run turns: one when the machine has a core to spare; none for an in-memory database, which a worker could not share. */
function turnWorkers(config: Config): number {
  if (config.DATABASE_URL === 'sqlite::memory:') return 0;
  return config.TURN_WORKERS ?? (availableParallelism() >= 2 ? 1 : 0);
}

/**
 * Worker threads when the machine has a core to spare (the main thread keeps accepting while
 * turns run); on this thread for an in-memory database, which a worker could not share.
 */
async function createTurnRunner(config: Config, deps: { store: Store; assistant: Assistant; logger: Logger }): Promise<TurnRunner> {
  const size = turnWorkers(config);
  if (size === 0) return inProcessTurns(deps);
  return workerTurns({
    size,
    settings: { DATABASE_URL: config.DATABASE_URL, LOG_LEVEL: config.LOG_LEVEL },
    // Each worker builds its own assistant with the same factory and the same configuration.
    assistant: { module: ASSISTANT_FACTORY_MODULE, name: 'createAssistantFor', settings: config },
    logger: deps.logger,
    // V8 sizes a heap's growth by its limit: with the default (about 4 GiB on a large machine) a
    // worker that holds about 55 MiB carries some 130 MiB of old generation and 32 MiB of young
    // generation under load. These limits keep it near what it holds (docs/bench.md, Memory).
    resourceLimits: { maxOldGenerationSizeMb: config.TURN_WORKER_HEAP_MB, maxYoungGenerationSizeMb: TURN_WORKER_YOUNG_GENERATION_MB },
  });
}
