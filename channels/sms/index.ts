/**
 * The `sms` channel: Twilio Programmable Messaging on a phone number (or a
 * Messaging Service). Inbound at `POST /webhooks/twilio/sms`.
 */
import type { ChannelAdapter, ChannelContext } from '../../src/gateway/channel.ts';
import { createTwilioAdapter, type TwilioAdapterOptions } from '../twilio/adapter.ts';
import { bareAddress, resolveTwilioSettings, type TwilioConfig } from '../twilio/config.ts';
import { worstCaseLength } from '../twilio/segments.ts';
import { twilioText } from '../twilio/texts.ts';
import { renderSms } from './render.ts';

export const SMS_WEBHOOK_PATH = '/webhooks/twilio/sms';

/** Creates the SMS adapter; `options.api` swaps the Messages API (tests). */
export function createSmsChannel(config: TwilioConfig, ctx: ChannelContext, options: TwilioAdapterOptions = {}): ChannelAdapter {
  const settings = resolveTwilioSettings(config);
  const maxSegments = settings.SMS_MAX_SEGMENTS;
  return createTwilioAdapter(
    config,
    ctx,
    {
      id: 'sms',
      path: SMS_WEBHOOK_PATH,
      from: config.TWILIO_SMS_FROM ? bareAddress(config.TWILIO_SMS_FROM) : undefined,
      // Longest reply that fits even in UCS-2; the renderer shortens longer answers between words.
      limits: { maxTextLength: worstCaseLength(maxSegments), richText: false, buttons: false },
      compose: async (reply) => ({
        body: renderSms({ ...reply, choicesHeading: twilioText(reply.language, 'twilio.choose_option') }, maxSegments),
      }),
      // Twilio's Advanced Opt-Out already answered STOP/START/HELP on SMS: a second answer would be noise.
      suppressControl: (control) => control.twilioDefault && settings.TWILIO_SMS_KEYWORD_REPLIES === 'twilio',
    },
    options,
  );
}
