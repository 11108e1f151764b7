import { z } from 'zod';
import { ConfigError } from '../errors.ts';

const optionalString = z
  .string()
  .transform((value) => value.trim())
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const positiveInt = (fallback: number) => z.coerce.number().int('must be a whole number').positive('must be above zero').default(fallback);

/**
 * The human handoff's environment variables, declared beside the module that reads them so
 * the lead can compose them into the one schema (`app/config.ts`), as with Twilio's.
 */
export const handoffEnvShape = {
  /** The queue rules file (JSON); default: `src/handoff/default-queues.json`. */
  HANDOFF_QUEUES_FILE: optionalString,
  /** Slack channel id for queues whose rules name none. */
  HANDOFF_SLACK_CHANNEL: optionalString,
  /** How long a ticket may wait for an agent before the assistant comes back and offers a follow-up. */
  HANDOFF_ASSIGN_TIMEOUT_MS: positiveInt(15 * 60_000),
  /** How often SLA timers, assignment timeouts, pending resumes and webhooks are swept. */
  HANDOFF_SWEEP_MS: positiveInt(5_000),
  /** Receives `ticket.*` events as signed JSON POSTs. */
  HANDOFF_WEBHOOK_URL: optionalString.refine((value) => value === undefined || URL.canParse(value), 'must be an absolute URL'),
  /** HMAC-SHA256 key for the `X-Switchboard-Signature` header of outbound webhooks. */
  HANDOFF_WEBHOOK_SECRET: optionalString,
  /** `true`: webhooks carry the customer's contact (number, address, name); otherwise only the channel. */
  HANDOFF_WEBHOOK_CONTACT: z
    .enum(['true', 'false', ''])
    .optional()
    .transform((value) => value === 'true'),
  /** Per-agent console/API tokens: `agentId=token,agentId=token` (the agents and their queues are in the queues file). */
  HANDOFF_AGENT_TOKENS: optionalString,
  CONSOLE_TOKEN: optionalString,
  /** How long a console sign-in lasts; the session then ends on the server, whatever the browser keeps. */
  CONSOLE_SESSION_TTL_MS: positiveInt(12 * 60 * 60_000),
};

const schema = z.object(handoffEnvShape).superRefine((env, ctx) => {
  if (env.HANDOFF_WEBHOOK_URL && !env.HANDOFF_WEBHOOK_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['HANDOFF_WEBHOOK_SECRET'], message: 'is required when HANDOFF_WEBHOOK_URL is set (a long random string the receiver checks)' });
  }
  if (env.HANDOFF_AGENT_TOKENS && !/^\s*[\w.@-]+=[^,\s]{8,}(\s*,\s*[\w.@-]+=[^,\s]{8,})*\s*$/.test(env.HANDOFF_AGENT_TOKENS)) {
    ctx.addIssue({ code: 'custom', path: ['HANDOFF_AGENT_TOKENS'], message: 'must look like agentId=token,agentId=token (tokens of 8+ characters)' });
  }
});

export interface HandoffConfig extends z.infer<typeof schema> {
  /** `HANDOFF_AGENT_TOKENS` parsed: token → agent id. */
  agentTokens: Map<string, string>;
  /** `PUBLIC_URL` (read from the main configuration): the console's own origin behind a proxy. */
  publicUrl?: string;
}

/** Parses the handoff settings from the raw environment (strings) or an already parsed config. */
export function loadHandoffConfig(source: Record<string, unknown>): HandoffConfig {
  const raw = Object.fromEntries(Object.keys(handoffEnvShape).map((name) => [name, source[name] === undefined ? undefined : String(source[name])]));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')} ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const agentTokens = new Map<string, string>();
  for (const pair of (parsed.data.HANDOFF_AGENT_TOKENS ?? '').split(',')) {
    const [agent, token] = pair.trim().split('=');
    if (agent && token) agentTokens.set(token, agent);
  }
  const publicUrl = typeof source.PUBLIC_URL === 'string' && URL.canParse(source.PUBLIC_URL) ? source.PUBLIC_URL : undefined;
  return { ...parsed.data, agentTokens, ...(publicUrl ? { publicUrl } : {}) };
}
