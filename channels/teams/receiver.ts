import { TurnContext, type Activity, type ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import express, { type Request, type Response, type Router } from 'express';
import type { Accept, Logger } from '../../src/gateway/channel.ts';
import { withLibraryConsole } from '../../src/library-console.ts';
import { parseTeamsActivity } from './parse.ts';
import type { TeamsReferences } from './references.ts';
import { isTrustedServiceUrl } from './service-url.ts';

export const TEAMS_MESSAGES_PATH = '/api/messages';

export interface TeamsReceiverDeps {
  authentication: ConfigurationBotFrameworkAuthentication;
  references: TeamsReferences;
  accept: Accept;
  logger: Logger;
  bodyLimit?: string;
  /** No app id (development): requests are not authenticated, so only trusted service URLs are answered. */
  open?: boolean;
}

/**
 * `POST /api/messages`: the token is checked by botbuilder's Bot Framework
 * authentication (the CloudAdapter's own), the conversation reference is stored, the
 * message handed to the gateway, and the request acknowledged. Answers go out later,
 * proactively, so a slow turn never times the webhook out.
 */
export function mountTeamsRoutes(router: Router, deps: TeamsReceiverDeps): void {
  router.post(TEAMS_MESSAGES_PATH, express.json({ limit: deps.bodyLimit ?? '1mb' }), (request, response) => handle(request, response, deps));
}

async function handle(request: Request, response: Response, deps: TeamsReceiverDeps): Promise<void> {
  const body: unknown = request.body;
  const activity = (body && typeof body === 'object' ? body : {}) as Activity;
  try {
    // First, so nothing of an unauthenticated body is read. Any failure refuses, including signing keys that cannot be fetched.
    await withLibraryConsole(deps.logger, () => deps.authentication.authenticateRequest(activity, request.get('authorization') ?? ''));
  } catch (error) {
    deps.logger.warn({ err: error instanceof Error ? error.message : String(error), activityId: activity.id }, 'teams request refused');
    response.status(401).json({ error: 'unauthorized' });
    return;
  }
  if (typeof activity.type !== 'string') {
    response.status(400).json({ error: 'not_an_activity' });
    return;
  }

  if (deps.open && !isTrustedServiceUrl(activity.serviceUrl)) {
    // Unauthenticated, the activity could name any host as the place our answer goes.
    deps.logger.warn({ activityId: activity.id }, 'teams activity refused: its serviceUrl is neither loopback nor a Bot Framework host');
    response.status(400).json({ error: 'untrusted_service_url', message: 'Without MICROSOFT_APP_ID, Teams answers only a loopback or Bot Framework (https://*.botframework.com, https://smba.trafficmanager.net) serviceUrl.' });
    return;
  }

  const outcome = parseTeamsActivity(activity);
  if (outcome.kind === 'ignored') {
    deps.logger.debug({ reason: outcome.reason, type: activity.type }, 'teams activity ignored');
    response.status(200).end();
    return;
  }
  try {
    // Stored before accept: the answer may be sent by another process, or after a restart.
    await deps.references.save(TurnContext.getConversationReference(activity));
    await deps.accept({ ...outcome.message, receivedAt: new Date() });
    response.status(200).end();
  } catch (error) {
    // 503, not 500: nothing was stored and a redelivery can succeed.
    deps.logger.warn({ err: error instanceof Error ? error.message : String(error), activityId: activity.id }, 'teams activity could not be accepted');
    response.status(503).set('retry-after', '5').json({ error: 'accept_failed', message: 'The message could not be stored right now; retry shortly.' });
  }
}
