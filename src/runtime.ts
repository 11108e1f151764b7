import type { Config } from './config/env.ts';
import type { Assistant } from './gateway/assistant.ts';
import type { ChannelAdapter, ChannelContext, Logger } from './gateway/channel.ts';
import type { ChannelId } from './gateway/messages.ts';
import type { Store } from './store/types.ts';
import { Gateway } from './gateway/gateway.ts';
import { createMetrics, type Metrics } from './server/metrics.ts';
import { openStore } from './store/open.ts';
import { createApp } from './server/app.ts';
import { createChannels } from '../channels/index.ts';
import { createAssistantFor } from './assistant-factory.ts';

export interface RuntimeOptions {
  logger: Logger;
  /** Adds channels that have no webhook (the terminal chat). */
  extraChannels?: ChannelAdapter[];
  /** Build only these of the configured channels (the chat command builds none and adds `cli`). */
  only?: ChannelId[];
}

export interface Runtime {
  config: Config;
  store: Store;
  gateway: Gateway;
  assistant: Assistant;
  metrics: Metrics;
  channelStatus: Partial<Record<ChannelId, true | string>>;
  app: ReturnType<typeof createApp>;
  close(): Promise<void>;
}

/** Wires store, assistant, channels and gateway from configuration. Nothing is started yet. */
export async function createRuntime(config: Config, options: RuntimeOptions): Promise<Runtime> {
  const { logger } = options;
  const store = await openStore(config.DATABASE_URL);
  const metrics = createMetrics();
  const assistant = createAssistantFor(config, store, logger);
  let gateway: Gateway | undefined;
  const context: ChannelContext = {
    state: store.channelState,
    logger,
    reportDelivery: (report) => gateway!.reportDelivery(report),
  };
  const { adapters, status } = createChannels(config, store, context, options.only);
  const channels = [...adapters, ...(options.extraChannels ?? [])];
  gateway = new Gateway({
    store,
    assistant,
    channels,
    logger,
    metrics,
    concurrency: config.DISPATCH_CONCURRENCY,
    leaseMs: config.LEASE_MS,
    mergePhoneChannels: config.MERGE_PHONE_CHANNELS,
    outboxMaxAttempts: config.OUTBOX_MAX_ATTEMPTS,
  });
  const app = createApp({ gateway, channels, store, metrics, logger });
  const started = gateway;
  return {
    config,
    store,
    gateway: started,
    assistant,
    metrics,
    channelStatus: status,
    app,
    async close() {
      await started.stop();
      for (const channel of channels) await channel.close?.();
      await assistant.close?.();
      await store.close();
    },
  };
}
