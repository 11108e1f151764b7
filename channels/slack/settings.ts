/** The variables the Slack channel reads, as a zod shape the composition root includes (`app/config.ts`). */
import { z } from 'zod';
import { optionalString, optionalUrl } from '../../src/config/env.ts';

export const slackEnvShape = {
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  /** The Web API's base URL; tests and benchmarks point it at a local fake. */
  SLACK_API_URL: optionalUrl,
};

/** The settings the Slack channel runs with (`BODY_LIMIT`: the gateway's request body limit). */
export type SlackSettings = z.infer<z.ZodObject<typeof slackEnvShape>> & { BODY_LIMIT?: string };

/**
 * True when Slack is configured, else the reason it stays off (for the start-up log). Here,
 * beside the settings, so that deciding loads nothing of Bolt.
 */
export function slackEnabled(config: SlackSettings): true | string {
  const missing = (['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'] as const).filter((name) => !config[name]);
  return missing.length === 0 ? true : `${missing.join(' and ')} not set (Slack app → Basic Information / OAuth & Permissions)`;
}
