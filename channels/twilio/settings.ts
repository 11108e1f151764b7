/**
 * The Twilio-only variables as a zod shape, which the gateway's one environment schema
 * includes. Its own file, importing nothing of the core, so `src/config/env.ts` can take it
 * while `config.ts` takes the core's `Config` type: no import circle.
 */
import { z } from 'zod';

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

export const twilioSettingsSchema = z.object(twilioEnvShape);

export type TwilioSettings = z.infer<typeof twilioSettingsSchema>;
