/**
 * Fixed texts of the Twilio channels. They live in i18next (`common` namespace,
 * keys under `twilio.`); the English here is only the fallback used until the
 * locales carry them.
 */
import { translator } from '../../src/i18n/index.ts';

export const TWILIO_TEXTS = {
  'twilio.opted_out':
    'You are unsubscribed and will get no more messages from us on this number. Reply START to subscribe again.',
  'twilio.opted_in': 'You are subscribed again. Write your question any time. Reply STOP to unsubscribe.',
  'twilio.help': 'This is our customer support assistant: write your question and we answer here. Reply STOP to unsubscribe.',
  'twilio.choose_option': 'Reply with a number:',
  media_only: "Thanks! I can't look at pictures or files here. Could you tell me in a few words what you need help with?",
} as const;

export type TwilioTextKey = keyof typeof TWILIO_TEXTS;

/** The text for `key` in `language`, falling back to English. (`media_only` is the core's existing key.) */
export function twilioText(language: string, key: TwilioTextKey): string {
  return translator(language, 'common')(key, { defaultValue: TWILIO_TEXTS[key] });
}
