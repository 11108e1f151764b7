/**
 * The settings the Twilio channels run with. The shapes live in `settings.ts`;
 * {@link resolveTwilioSettings} accepts raw environment strings and already-parsed values alike.
 */
import { ConfigError } from '../../src/errors.ts';
import { twilioSettingsSchema, twilioEnvShape, type TwilioCredentials, type TwilioSettings } from './settings.ts';

export type { TwilioCredentials, TwilioSettings } from './settings.ts';

/**
 * What the Twilio channels read: their credentials and senders, the gateway's public URL (the
 * URL Twilio signs its webhooks for) and, parsed or raw, the behaviour settings.
 */
export type TwilioConfig = TwilioCredentials & { PUBLIC_URL?: string | undefined } & Partial<Record<keyof TwilioSettings, unknown>>;

/** Reads the Twilio-only settings from `config` (parsed or raw), or throws a {@link ConfigError} naming the variable. */
export function resolveTwilioSettings(config: TwilioConfig | NodeJS.ProcessEnv): TwilioSettings {
  const picked = Object.fromEntries(Object.keys(twilioEnvShape).map((key) => [key, (config as Record<string, unknown>)[key]]));
  const parsed = twilioSettingsSchema.safeParse(picked);
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
