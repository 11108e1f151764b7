import { z } from 'zod';
import { ConfigError } from '../src/errors.ts';
// Channel-only settings are declared beside their adapter and composed here, so the environment is parsed once.
import { twilioEnvShape } from '../channels/twilio/settings.ts';
import { llmEnvShape } from '../agents/models/llm-config.ts';
import { knowledgeEnvShape } from '../agents/knowledge/config.ts';
import { handoffEnvShape } from '../src/handoff/config.ts';
import { privacyEnvShape } from '../src/privacy/config.ts';
import { commerceEnvShape } from '../agents/commerce/config.ts';
import { webEnvShape } from '../channels/web/config.ts';
import { reportsEnvShape } from '../src/reports/config.ts';

const optionalString = z
  .string()
  .transform((value) => value.trim())
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const optionalUrl = optionalString.refine(
  (value) => value === undefined || URL.canParse(value),
  'must be an absolute URL such as https://example.com',
);

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const positiveInt = (fallback: number) =>
  z.coerce.number().int('must be a whole number').positive('must be above zero').default(fallback);

/** Every variable the gateway reads. Names follow DESIGN.md. */
const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    PORT: z.coerce.number().int().min(0).max(65535, 'must be a TCP port (0-65535)').default(3000),
    HOST: z.string().default('0.0.0.0'),
    DATABASE_URL: z
      .string()
      .default('sqlite:./data/switchboard.db')
      .refine(
        (value) => /^(sqlite:|postgres:\/\/|postgresql:\/\/)/.test(value),
        'must start with sqlite: (a file path, or sqlite::memory:) or postgres://',
      ),
    PUBLIC_URL: optionalUrl,
    BODY_LIMIT: z.string().default('64kb'),

    TWILIO_ACCOUNT_SID: optionalString,
    TWILIO_AUTH_TOKEN: optionalString,
    TWILIO_SMS_FROM: optionalString,
    TWILIO_WHATSAPP_FROM: optionalString,
    TWILIO_MESSAGING_SERVICE_SID: optionalString,
    TWILIO_API_URL: optionalUrl,
    ...twilioEnvShape,
    SLACK_BOT_TOKEN: optionalString,
    SLACK_SIGNING_SECRET: optionalString,
    SLACK_API_URL: optionalUrl,
    MICROSOFT_APP_ID: optionalString,
    MICROSOFT_APP_PASSWORD: optionalString,
    MICROSOFT_APP_TENANT_ID: optionalString,
    MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
    /** Where Bot Framework signing keys are published; tests point it at a local JWKS. */
    MICROSOFT_OPENID_METADATA_URL: optionalUrl,

    OPENAI_API_KEY: optionalString,
    OPENAI_MODEL: z.string().default('gpt-4o-mini'),
    OPENAI_BASE_URL: optionalUrl,
    OPENAI_TIMEOUT_MS: positiveInt(10_000),
    ...llmEnvShape,
    ...knowledgeEnvShape,
    MODEL_MODE: z.enum(['offline', 'openai', 'tiered']).optional(),
    OFFLINE_MODEL_PATH: optionalString,
    LANGSMITH_API_KEY: optionalString,
    LANGSMITH_PROJECT: z.string().default('switchboard'),
    LANGSMITH_TRACING: flag,
    ...commerceEnvShape,
    ...webEnvShape,
    ...handoffEnvShape,
    ...reportsEnvShape,
    CONSOLE_TOKEN: optionalString,
    ...privacyEnvShape,

    /**
     * Worker threads that run conversation turns, so the graph's CPU work never delays accepting
     * webhooks. Unset: one when the machine has two cores or more. 0 runs turns on the main thread.
     */
    TURN_WORKERS: z.coerce.number().int('must be a whole number').min(0).max(32, 'must be 32 or less').optional(),
    /** `1`: CPU time per pipeline phase for `npm run bench`; src/gateway/phases.ts reads it once, at load. */
    SWITCHBOARD_BENCH_PHASES: z.enum(['0', '1'], { message: 'must be 0 or 1' }).optional(),
    /** Turns that may run at once (different threads); one thread runs one turn at a time. */
    DISPATCH_CONCURRENCY: positiveInt(64),
    /** The same E.164 number on SMS and WhatsApp is one customer with one thread. */
    MERGE_PHONE_CHANNELS: z
      .enum(['true', 'false'])
      .default('true')
      .transform((value) => value === 'true'),
    /** Recent messages the graph keeps verbatim; older ones fold into a running summary. */
    HISTORY_WINDOW: positiveInt(12),
    /** How long a replica's claim on a pending message lasts without renewal. */
    LEASE_MS: positiveInt(15_000),
    /** Sends of one reply before it is given up (retryable failures back off from 0.5 s to 60 s: 12 tries ride out 2.5 to 5 minutes of outage). */
    OUTBOX_MAX_ATTEMPTS: positiveInt(12),
    /** Tries of a turn the assistant fails before the person gets an apology; database faults never count. */
    TURN_MAX_ATTEMPTS: positiveInt(3),
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
  });

export type Env = z.infer<typeof schema>;

export interface Config extends Env {
  /** The model mode in force: the explicit setting, else `openai` when a key is set, else `offline`. */
  modelMode: 'offline' | 'openai' | 'tiered';
}

/**
 * Parses the environment once, at start. A wrong or missing value throws a
 * {@link ConfigError} naming each variable and how to fix it.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      const received = source[name];
      const shown = received === undefined || /TOKEN|SECRET|PASSWORD|KEY/.test(name) ? '' : ` (got "${received}")`;
      return `  ${name} ${issue.message}${shown}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  return { ...env, modelMode: env.MODEL_MODE ?? (env.OPENAI_API_KEY ? 'openai' : 'offline') };
}
