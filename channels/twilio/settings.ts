/**
 * The variables the Twilio channels (SMS, WhatsApp) read, as zod shapes the composition root
 * includes in the one environment schema (`app/config.ts`).
 */
import { z } from 'zod';
import { optionalString, optionalUrl } from '../../src/config/env.ts';

/** The account, the senders and the API: what decides whether SMS and WhatsApp run. */
export const twilioCredentialsShape = {
  TWILIO_ACCOUNT_SID: optionalString,
  TWILIO_AUTH_TOKEN: optionalString,
  TWILIO_SMS_FROM: optionalString,
  TWILIO_WHATSAPP_FROM: optionalString,
  TWILIO_MESSAGING_SERVICE_SID: optionalString,
  /** The Messages API's base URL; tests and benchmarks point it at a local fake. */
  TWILIO_API_URL: optionalUrl,
};

export type TwilioCredentials = z.infer<z.ZodObject<typeof twilioCredentialsShape>>;

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

/** How the Twilio channels behave: templates, segments, keywords, timeouts (parsed again by `resolveTwilioSettings`). */
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

export const twilioSettingsSchema = z.object(twilioEnvShape);

export type TwilioSettings = z.infer<typeof twilioSettingsSchema>;
