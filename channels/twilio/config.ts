/**
 * Settings the Twilio channels read beyond the core's `Config`. The shape is
 * exported so the main schema can include it; {@link resolveTwilioSettings}
 * accepts raw environment strings and already-parsed values alike.
 */
import { z } from 'zod';
import type { Config } from '../../src/config/env.ts';
import { ConfigError } from '../../src/errors.ts';

const optionalString = z
  .string()
  .transform((value) => value.trim())
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const DEFAULT_TEMPLATE_VARIABLES: Record<string, string> = { '1': '{{text}}' };

const templateVariables = z
  .union([
    z.record(z.string(), z.string()),
    z.string().transform((value, ctx) => {
      if (value.trim() === '') return { ...DEFAULT_TEMPLATE_VARIABLES };
      try {
        return z.record(z.string(), z.string()).parse(JSON.parse(value));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object of strings, such as {"1":"{{text}}"}' });
        return z.NEVER;
      }
    }),
  ])
  .default({ ...DEFAULT_TEMPLATE_VARIABLES });

/** The zod shape of the Twilio-only variables (merge it into the main schema). */
export const twilioEnvShape = {
  /** Approved WhatsApp template (Content SID, `HX...`) sent when the 24-hour window is closed. */
  TWILIO_WHATSAPP_TEMPLATE_SID: optionalString.refine(
    (value) => value === undefined || /^HX[0-9a-f]{32}$/i.test(value),
    'must be a Content SID (HX followed by 32 hex digits): Twilio console → Messaging → Content Template Builder',
  ),
  /** The template's variables; `{{text}}` stands for the reply, flattened to one line. */
  TWILIO_WHATSAPP_TEMPLATE_VARIABLES: templateVariables,
  /** Most SMS segments one reply may take; longer answers are split by the core or shortened. */
  SMS_MAX_SEGMENTS: z.coerce.number().int('must be a whole number').min(1).max(10, 'must be 10 or less').default(4),
  /**
   * Who answers Twilio's own SMS keywords (STOP, START, HELP...): `twilio` (Advanced Opt-Out
   * replies itself; Switchboard stays silent on those) or `switchboard` (our localized texts).
   */
  TWILIO_SMS_KEYWORD_REPLIES: z.enum(['twilio', 'switchboard']).default('twilio'),
  /** Timeout of one Messages API call. */
  TWILIO_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
};

const settingsSchema = z.object(twilioEnvShape);

export type TwilioSettings = z.infer<typeof settingsSchema>;

/** What the Twilio channels read from the gateway's configuration. */
export type TwilioConfig = Pick<
  Config,
  | 'TWILIO_ACCOUNT_SID'
  | 'TWILIO_AUTH_TOKEN'
  | 'TWILIO_SMS_FROM'
  | 'TWILIO_WHATSAPP_FROM'
  | 'TWILIO_MESSAGING_SERVICE_SID'
  | 'TWILIO_API_URL'
  | 'PUBLIC_URL'
> &
  Partial<Record<keyof TwilioSettings, unknown>>;

/** Reads the Twilio-only settings from `config` (parsed or raw), or throws a {@link ConfigError} naming the variable. */
export function resolveTwilioSettings(config: TwilioConfig | NodeJS.ProcessEnv): TwilioSettings {
  const picked = Object.fromEntries(Object.keys(twilioEnvShape).map((key) => [key, (config as Record<string, unknown>)[key]]));
  const parsed = settingsSchema.safeParse(picked);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')} ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

/** The sender addresses without any `whatsapp:` prefix, whatever the user pasted. */
export function bareAddress(address: string): string {
  return address.replace(/^whatsapp:/i, '').trim();
}

/**
 * Whether each Twilio channel can run with `config`: `true`, or the reason it
 * cannot, phrased as the fix.
 */
export function twilioChannelsEnabled(config: TwilioConfig): { sms: true | string; whatsapp: true | string } {
  const credentials = !config.TWILIO_ACCOUNT_SID
    ? 'TWILIO_ACCOUNT_SID is not set (Twilio console → Account info)'
    : !config.TWILIO_AUTH_TOKEN
      ? 'TWILIO_AUTH_TOKEN is not set (Twilio console → Account → API keys & tokens)'
      : undefined;
  const service = config.TWILIO_MESSAGING_SERVICE_SID;
  const sms =
    credentials ?? (config.TWILIO_SMS_FROM || service ? true : 'set TWILIO_SMS_FROM (your Twilio number, E.164) or TWILIO_MESSAGING_SERVICE_SID');
  const whatsapp =
    credentials ??
    (config.TWILIO_WHATSAPP_FROM || service
      ? true
      : 'set TWILIO_WHATSAPP_FROM (your WhatsApp sender, e.g. whatsapp:+14155238886) or TWILIO_MESSAGING_SERVICE_SID');
  return { sms, whatsapp };
}
