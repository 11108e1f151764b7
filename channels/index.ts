import type { Config } from '../src/config/env.ts';
import type { ChannelAdapter, ChannelContext } from '../src/gateway/channel.ts';
import type { ChannelId } from '../src/gateway/messages.ts';
import type { Store } from '../src/store/types.ts';
import { createWebChannel } from './web/index.ts';

export interface ChannelSet {
  adapters: ChannelAdapter[];
  /** Why each provider channel is on or off, for the start-up line. */
  status: Partial<Record<ChannelId, true | string>>;
}

/** Builds every channel the configuration enables; the web channel is always on. */
export function createChannels(config: Config, store: Store, _context: ChannelContext): ChannelSet {
  const adapters: ChannelAdapter[] = [createWebChannel({ outbox: store.outbox, bodyLimit: config.BODY_LIMIT })];
  const status: ChannelSet['status'] = { web: true };
  return { adapters, status };
}
