import { z } from 'zod';
import { optionalString, parseEnvironment, pipelineEnvShape, serverEnvShape } from '../src/config/env.ts';
import { handoffEnvShape } from '../src/handoff/config.ts';
import { privacyEnvShape } from '../src/privacy/config.ts';
import { reportsEnvShape } from '../src/reports/config.ts';
import { twilioCredentialsShape, twilioEnvShape } from '../channels/twilio/settings.ts';
import { slackEnvShape } from '../channels/slack/settings.ts';
import { teamsEnvShape } from '../channels/teams/config.ts';
import { webEnvShape } from '../channels/web/config.ts';
import { agentsEnvShape, modelModeOf } from '../agents/settings.ts';

/** Shortest CONSOLE_TOKEN production accepts, as for the web identity secret. */
const MIN_PRODUCTION_TOKEN = 16;

/**
 * Every variable the gateway reads (names follow DESIGN.md): each part's own shape, declared
 * beside its code, assembled here so the environment is parsed once, at start. The checks
 * below span parts: a variable that needs another.
 */
const schema = z
  .object({
    ...serverEnvShape,
    ...twilioCredentialsShape,
    ...twilioEnvShape,
    ...slackEnvShape,
    ...teamsEnvShape,
    ...agentsEnvShape,
    ...webEnvShape,
    ...handoffEnvShape,
    ...reportsEnvShape,
    CONSOLE_TOKEN: optionalString,
    ...privacyEnvShape,
    ...pipelineEnvShape,
  })
  .superRefine((env, ctx) => {
    const need = (name: keyof typeof env, when: string, hint: string) => {
      if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: `is required when ${when} (${hint})` });
    };
    if (env.TWILIO_ACCOUNT_SID) {
      need('TWILIO_AUTH_TOKEN', 'TWILIO_ACCOUNT_SID is set', 'Twilio console → Account → API keys & tokens');
    }
    if (env.SLACK_BOT_TOKEN) {
      need('SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN is set', 'Slack app → Basic Information → Signing Secret');
    }
    if (env.MICROSOFT_APP_ID) {
      need('MICROSOFT_APP_PASSWORD', 'MICROSOFT_APP_ID is set', 'Azure Bot → Configuration → Manage password');
    }
    if (env.MODEL_MODE === 'openai' || env.MODEL_MODE === 'tiered') {
      need('OPENAI_API_KEY', `MODEL_MODE=${env.MODEL_MODE}`, 'an OpenAI key, or any key your OPENAI_BASE_URL server accepts');
    }
    if (env.HANDOFF_WEBHOOK_URL) {
      need('HANDOFF_WEBHOOK_SECRET', 'HANDOFF_WEBHOOK_URL is set', 'a long random string the receiver checks');
    }
    if (env.LANGSMITH_TRACING && !env.LANGSMITH_API_KEY) {
      need('LANGSMITH_API_KEY', 'LANGSMITH_TRACING is on', 'smith.langchain.com → Settings → API Keys; or turn tracing off');
    }
    if (env.COMMERCE_API_URL && env.COMMERCE_DEMO) {
      ctx.addIssue({ code: 'custom', path: ['COMMERCE_DEMO'], message: 'cannot be true when COMMERCE_API_URL is set (choose your API or the demo data)' });
    }
    if (env.NODE_ENV === 'production' && !env.CONSOLE_TOKEN) {
      need('CONSOLE_TOKEN', 'NODE_ENV=production', 'a long random string; agents send it as a Bearer token');
    }
    // The supervisor's key to every ticket and report: short enough to guess is not allowed in production.
    if (env.NODE_ENV === 'production' && env.CONSOLE_TOKEN && env.CONSOLE_TOKEN.length < MIN_PRODUCTION_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['CONSOLE_TOKEN'], message: `must be at least ${MIN_PRODUCTION_TOKEN} characters in production (e.g. openssl rand -hex 32)` });
    }
  });

export type Env = z.infer<typeof schema>;

export interface Config extends Env {
  /** Where to listen: HOST, else every interface in production and this machine only in development. */
  HOST: string;
  /** The model mode in force: the explicit setting, else `openai` when a key is set, else `offline`. */
  modelMode: 'offline' | 'openai' | 'tiered';
}

/**
 * Parses the environment once, at start. A wrong or missing value throws a
 * `ConfigError` naming each variable and how to fix it.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const env = parseEnvironment(schema, source);
  return { ...env, HOST: env.HOST ?? (env.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1'), modelMode: modelModeOf(env) };
}
