import type { Router } from 'express';
import { ConfigError } from '../../src/errors.ts';
import type { Accept, ChannelAdapter, ChannelContext } from '../../src/gateway/channel.ts';
import type { ChannelLimits, DeliveryReceipt, OutboundMessage } from '../../src/gateway/messages.ts';
import { SlackLocales, type SlackLocaleOptions } from './locale.ts';
import { mountSlackRoutes } from './receiver.ts';
import { SLACK_SECTION_LIMIT } from './render.ts';
import { createSlackWebClient, rememberStartedThread, sendSlackMessage } from './send.ts';
import { slackEnabled, type SlackSettings } from './settings.ts';

export { SLACK_EVENTS_PATH, SLACK_INTERACTIONS_PATH } from './receiver.ts';

type SlackConfig = SlackSettings;
export { slackEnabled, slackEnvShape, type SlackSettings } from './settings.ts';

export interface SlackChannelOptions {
  locale?: SlackLocaleOptions;
}

/**
 * The Slack channel: Events API and interactivity webhooks in, `chat.postMessage` out,
 * through Bolt's Web API client (`SLACK_API_URL` points it at a local server).
 */
export function createSlackChannel(config: SlackConfig, ctx: ChannelContext, options: SlackChannelOptions = {}): ChannelAdapter {
  const enabled = slackEnabled(config);
  if (enabled !== true) throw new ConfigError(`Slack cannot start: ${enabled}`);
  const signingSecret = config.SLACK_SIGNING_SECRET as string;
  const logger = ctx.logger.child({ channel: 'slack' });
  const client = createSlackWebClient(config.SLACK_BOT_TOKEN, config.SLACK_API_URL);
  const locales = new SlackLocales(client, ctx.state, logger, options.locale);
  const limits: ChannelLimits = { maxTextLength: SLACK_SECTION_LIMIT, richText: true, buttons: true };

  return {
    id: 'slack',
    limits,
    mount(router: Router, accept: Accept): void {
      mountSlackRoutes(router, { signingSecret, accept, locales, state: ctx.state, logger, bodyLimit: config.BODY_LIMIT });
    },
    async send(message: OutboundMessage): Promise<DeliveryReceipt> {
      const receipt = await sendSlackMessage(client, message);
      await rememberStartedThread(ctx.state, message, receipt);
      return receipt;
    },
  };
}
