import type { Config } from './config.ts';
import type { ChannelAdapter, ChannelContext } from '../src/gateway/channel.ts';
import type { ChannelId } from '../src/gateway/messages.ts';
import type { Store } from '../src/store/types.ts';
import { createWebChannel } from '../channels/web/index.ts';
import { webMode } from '../channels/web/config.ts';
import { createCliChannel } from '../channels/cli/index.ts';
import { slackEnabled } from '../channels/slack/settings.ts';
import { teamsEnabled } from '../channels/teams/config.ts';
import { twilioChannelsEnabled } from '../channels/twilio/config.ts';

export interface ChannelSet {
  adapters: ChannelAdapter[];
  /** Why each provider channel is on or off, for the start-up line. */
  status: Partial<Record<ChannelId, true | string>>;
}

/**
 * Builds every channel the configuration enables (the terminal channel is always on, the web
 * channel unless `WEB_CHANNEL=off`), or only those in `only` when it is given. A provider
 * channel's module, and its SDK (Twilio, Bolt, botbuilder), is loaded only when the channel is on.
 */
export async function createChannels(config: Config, store: Store, context: ChannelContext, only?: ChannelId[]): Promise<ChannelSet> {
  const adapters: ChannelAdapter[] = [];
  const status: ChannelSet['status'] = {};
  const add = async (id: ChannelId, enabled: true | string, create: () => ChannelAdapter | Promise<ChannelAdapter>) => {
    if (only && !only.includes(id)) return;
    status[id] = enabled;
    if (enabled === true) adapters.push(await create());
  };
  const web = webMode(config);
  // The page's demo customers live in the embedded demo backend, and are only for demo mode.
  const demo = web === 'demo' && !config.COMMERCE_API_URL;
  await add('web', web === 'off' ? 'WEB_CHANNEL=off' : true, () =>
    createWebChannel({ outbox: store.outbox, bodyLimit: config.BODY_LIMIT, mode: web === 'off' ? 'guest' : web, identitySecret: config.WEB_IDENTITY_SECRET, demo }),
  );
  // Replies to terminal users (an agent's, from any process) are stored for their running chat to show.
  if (!only || only.includes('cli')) adapters.push(createCliChannel());
  const twilio = twilioChannelsEnabled(config);
  await add('sms', twilio.sms, async () => (await import('../channels/sms/index.ts')).createSmsChannel(config, context));
  await add('whatsapp', twilio.whatsapp, async () => (await import('../channels/whatsapp/index.ts')).createWhatsAppChannel(config, context));
  await add('slack', slackEnabled(config), async () => (await import('../channels/slack/index.ts')).createSlackChannel(config, context));
  await add('teams', teamsEnabled(config), async () => (await import('../channels/teams/index.ts')).createTeamsChannel(config, context));
  return { adapters, status };
}
