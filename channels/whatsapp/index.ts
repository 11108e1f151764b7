/**
 * The `whatsapp` channel: a Twilio WhatsApp sender. Inbound at
 * `POST /webhooks/twilio/whatsapp`. Free-form replies within the 24-hour
 * window, the configured approved template outside it.
 */
import type { ChannelAdapter, ChannelContext } from '../../src/gateway/channel.ts';
import { ChannelError } from '../../src/errors.ts';
import { createTwilioAdapter, type MessageContent, type ReplyToRender, type TwilioAdapterOptions } from '../twilio/adapter.ts';
import { bareAddress, resolveTwilioSettings, type TwilioConfig, type TwilioSettings } from '../twilio/config.ts';
import { twilioText } from '../twilio/texts.ts';
import { WHATSAPP_MAX_LENGTH, renderWhatsApp, toTemplateVariable } from './render.ts';
import { describeAge, isWindowOpen } from './window.ts';

export const WHATSAPP_WEBHOOK_PATH = '/webhooks/twilio/whatsapp';

/** The template call for a reply, or undefined when no template is configured. */
export function templateContent(settings: TwilioSettings, reply: ReplyToRender): MessageContent | undefined {
  const contentSid = settings.TWILIO_WHATSAPP_TEMPLATE_SID;
  if (!contentSid) return undefined;
  const text = toTemplateVariable(reply.text);
  const variables = Object.fromEntries(
    Object.entries(settings.TWILIO_WHATSAPP_TEMPLATE_VARIABLES).map(([slot, value]) => [slot, value.replaceAll('{{text}}', text)]),
  );
  return { contentSid, contentVariables: JSON.stringify(variables) };
}

/** Creates the WhatsApp adapter; `options.api` swaps the Messages API, `options.now` the clock (tests). */
export function createWhatsAppChannel(config: TwilioConfig, ctx: ChannelContext, options: TwilioAdapterOptions = {}): ChannelAdapter {
  const settings = resolveTwilioSettings(config);
  const now = options.now ?? (() => new Date());
  return createTwilioAdapter(
    config,
    ctx,
    {
      id: 'whatsapp',
      path: WHATSAPP_WEBHOOK_PATH,
      from: config.TWILIO_WHATSAPP_FROM ? bareAddress(config.TWILIO_WHATSAPP_FROM) : undefined,
      limits: { maxTextLength: WHATSAPP_MAX_LENGTH, richText: true, buttons: false },
      async compose(reply, state) {
        const last = await state.lastInboundAt(reply.to);
        const at = now();
        if (isWindowOpen(last, at)) {
          return { body: renderWhatsApp({ ...reply, choicesHeading: twilioText(reply.language, 'twilio.choose_option') }) };
        }
        const template = templateContent(settings, reply);
        if (template) return template;
        throw new ChannelError(
          `whatsapp: ${reply.to} ${describeAge(last, at)}, outside the 24-hour window; free-form replies are refused and no template is configured (set TWILIO_WHATSAPP_TEMPLATE_SID)`,
          false,
          { code: 'whatsapp_window_closed' },
        );
      },
      // Our clock said the window was open but WhatsApp disagrees: the template is the way in.
      fallback: (error, reply) => (error.code === 'twilio_63016' ? templateContent(settings, reply) : undefined),
    },
    { ...options, now },
  );
}
