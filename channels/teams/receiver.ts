import { TurnContext, type Activity, type ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import express, { type Request, type Response, type Router } from 'express';
import type { Accept, Logger } from '../../src/gateway/channel.ts';
import { parseTeamsActivity } from './parse.ts';
import type { TeamsReferences } from './references.ts';

export const TEAMS_MESSAGES_PATH = '/api/messages';

export interface TeamsReceiverDeps {
  authentication: ConfigurationBotFrameworkAuthentication;
  references: TeamsReferences;
  accept: Accept;
  logger: Logger;
  bodyLimit?: string;
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
    await deps.authentication.authenticateRequest(activity, request.get('authorization') ?? '');
  } catch (error) {
    deps.logger.warn({ err: error instanceof Error ? error.message : String(error), activityId: activity.id }, 'teams request refused');
    response.status(401).json({ error: 'unauthorized' });
    return;
  }
  if (typeof activity.type !== 'string') {
    response.status(400).json({ error: 'not_an_activity' });
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
    deps.logger.error({ err: error instanceof Error ? error.message : String(error), activityId: activity.id }, 'teams activity could not be accepted');
    response.status(500).json({ error: 'accept_failed' });
  }
}
