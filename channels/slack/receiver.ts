import express, { type Request, type Response, type Router } from 'express';
import type { Accept, ChannelStateStore, Logger } from '../../src/gateway/channel.ts';
import type { SlackLocales } from './locale.ts';
import { parseSlackEvent, parseSlackInteraction, type SlackEventOutcome } from './parse.ts';
import { verifySlackSignature } from './verify.ts';

export const SLACK_EVENTS_PATH = '/webhooks/slack/events';
export const SLACK_INTERACTIONS_PATH = '/webhooks/slack/interactions';

export interface SlackReceiverDeps {
  signingSecret: string;
  accept: Accept;
  locales: SlackLocales;
  state: ChannelStateStore;
  logger: Logger;
  bodyLimit?: string;
}

const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/**
 * The Events API and interactivity endpoints. The raw body is kept (the signature
 * covers its exact bytes), checked, parsed, handed to the gateway, then acknowledged:
 * the answer goes out later through `chat.postMessage`.
 */
export function mountSlackRoutes(router: Router, deps: SlackReceiverDeps): void {
  const raw = express.raw({ type: () => true, limit: deps.bodyLimit ?? '1mb' });
  router.post(SLACK_EVENTS_PATH, raw, (request, response) => handle(request, response, deps, parseEventBody));
  router.post(SLACK_INTERACTIONS_PATH, raw, (request, response) => handle(request, response, deps, parseInteractionBody));
}

function parseEventBody(text: string): SlackEventOutcome {
  return parseSlackEvent(JSON.parse(text));
}

function parseInteractionBody(text: string): SlackEventOutcome {
  const payload = new URLSearchParams(text).get('payload');
  if (!payload) return { kind: 'ignored', reason: 'no_payload' };
  return parseSlackInteraction(JSON.parse(payload));
}

async function handle(request: Request, response: Response, deps: SlackReceiverDeps, parse: (text: string) => SlackEventOutcome): Promise<void> {
  const rawBody: unknown = request.body;
  if (!Buffer.isBuffer(rawBody)) {
    // Another body parser ran first: the exact bytes Slack signed are gone.
    deps.logger.error({ path: request.path }, 'slack webhook: raw body unavailable (is a JSON parser mounted before the Slack routes?)');
    response.status(500).json({ error: 'raw_body_unavailable' });
    return;
  }
  const check = verifySlackSignature({
    signingSecret: deps.signingSecret,
    timestamp: request.get('x-slack-request-timestamp'),
    signature: request.get('x-slack-signature'),
    rawBody,
  });
  if (!check.valid) {
    deps.logger.warn({ reason: check.reason, path: request.path }, 'slack webhook refused');
    response.status(401).json({ error: 'invalid_signature', reason: check.reason });
    return;
  }

  let outcome: SlackEventOutcome;
  try {
    outcome = parse(stripBom(rawBody.toString('utf8')));
  } catch {
    response.status(400).json({ error: 'unparseable_body' });
    return;
  }

  if (outcome.kind === 'url_verification') {
    response.json({ challenge: outcome.challenge });
    return;
  }
  if (outcome.kind === 'ignored') {
    deps.logger.debug({ reason: outcome.reason }, 'slack event ignored');
    response.status(200).end();
    return;
  }

  try {
    if (outcome.thread) {
      const threadKey = `thread:${outcome.thread.key}`;
      if (outcome.thread.join) await deps.state.set('slack', threadKey, { joinedAt: Date.now() });
      else if (!(await deps.state.get('slack', threadKey))) {
        deps.logger.debug({ thread: outcome.thread.key }, 'slack thread reply in a thread the bot was not asked into');
        response.status(200).end();
        return;
      }
    }
    const locale = await deps.locales.localeWithin(outcome.message.senderAddress);
    const retry = request.get('x-slack-retry-num');
    const result = await deps.accept({ ...outcome.message, ...(locale ? { locale } : {}), receivedAt: new Date() });
    if (retry) deps.logger.debug({ retry, reason: request.get('x-slack-retry-reason'), duplicate: result.duplicate }, 'slack retry');
    response.status(200).end();
  } catch (error) {
    // Not acknowledged: Slack will deliver it again, and the inbox keeps it to one answer.
    // 503, not 500: the store cannot take the message right now, which a retry can fix.
    deps.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'slack event could not be accepted');
    response.status(503).set('retry-after', '5').json({ error: 'accept_failed', message: 'The message could not be stored right now; retry shortly.' });
  }
}
