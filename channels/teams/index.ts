import { CloudAdapter } from 'botbuilder';
import type { Router } from 'express';
import { ConfigError } from '../../src/errors.ts';
import type { Accept, ChannelAdapter, ChannelContext } from '../../src/gateway/channel.ts';
import type { ChannelLimits, DeliveryReceipt, OutboundMessage } from '../../src/gateway/messages.ts';
import { createTeamsAuthentication, type TeamsCredentialsFactory } from './auth.ts';
import { teamsEnabled, teamsRunsOpen, type TeamsConfig } from './config.ts';
import { withLibraryConsole } from '../../src/library-console.ts';
import { mountTeamsRoutes } from './receiver.ts';
import { TeamsReferences } from './references.ts';
import { TEAMS_TEXT_LIMIT } from './render.ts';
import { sendTeamsMessage } from './send.ts';

export { teamsEnabled, teamsEnvShape, type TeamsConfig } from './config.ts';
export { TEAMS_MESSAGES_PATH } from './receiver.ts';
export { WELCOME_ACTION } from './parse.ts';

export interface TeamsChannelOptions {
  /** Outbound credentials (tests: a local token source); botbuilder's password credentials by default. */
  credentialsFactory?: TeamsCredentialsFactory;
}

/**
 * The Teams channel on botbuilder's CloudAdapter: `POST /api/messages` in (Bot Framework
 * JWT checked whenever an app id is set), proactive answers out through the stored
 * conversation reference to the activity's `serviceUrl`.
 */
export function createTeamsChannel(config: TeamsConfig, ctx: ChannelContext, options: TeamsChannelOptions = {}): ChannelAdapter {
  const enabled = teamsEnabled(config);
  if (enabled !== true) throw new ConfigError(`Teams cannot start: ${enabled}`);
  const logger = ctx.logger.child({ channel: 'teams' });
  if (teamsRunsOpen(config)) {
    logger.warn(
      { route: '/api/messages' },
      'TEAMS RUNS WITHOUT AUTHENTICATION: MICROSOFT_APP_ID is not set, so anyone who can reach /api/messages can post as anyone. Local development and the Bot Framework Emulator only (answers go only to a loopback or Bot Framework serviceUrl); set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD before exposing it.',
    );
  }
  const authentication = createTeamsAuthentication(config, options.credentialsFactory);
  const adapter = new CloudAdapter(authentication);
  adapter.onTurnError = async (_context, error) => {
    // Proactive sends rethrow to the outbox; this only logs.
    logger.error({ err: error.message }, 'teams turn failed');
    throw error;
  };
  const references = new TeamsReferences(ctx.state);
  const appId = config.MICROSOFT_APP_ID ?? '';
  const limits: ChannelLimits = { maxTextLength: TEAMS_TEXT_LIMIT, richText: true, buttons: true };

  return {
    id: 'teams',
    limits,
    mount(router: Router, accept: Accept): void {
      mountTeamsRoutes(router, { authentication, references, accept, logger, bodyLimit: config.BODY_LIMIT, open: teamsRunsOpen(config) });
    },
    send(message: OutboundMessage): Promise<DeliveryReceipt> {
      return withLibraryConsole(logger, () => sendTeamsMessage(adapter, appId, references, message, { onlyTrustedServiceUrls: teamsRunsOpen(config) }));
    },
  };
}
