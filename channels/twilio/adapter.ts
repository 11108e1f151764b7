/**
 * What the SMS and WhatsApp adapters share: the inbound route, delivery
 * callbacks, opt-out enforcement, keyword replies and the Messages API call
 * with its error classification. Each channel supplies how it renders.
 */
import type { Router } from 'express';
import type { Accept, ChannelAdapter, ChannelContext } from '../../src/gateway/channel.ts';
import type { ChannelLimits, DeliveryReceipt, OutboundMessage } from '../../src/gateway/messages.ts';
import { ChannelError } from '../../src/errors.ts';
import { createTwilioMessagesApi, type MessageCreateParams, type TwilioMessagesApi } from './client.ts';
import { bareAddress, resolveTwilioSettings, type TwilioConfig, type TwilioSettings } from './config.ts';
import { classifyTwilioError } from './errors.ts';
import { toInboundMessage } from './inbound.ts';
import { parseTwilioInbound, type TwilioChannel } from './parse.ts';
import { TwilioChannelState, type ControlReply } from './state.ts';
import { STATUS_PATH, listenForStatus } from './status.ts';
import { twilioText, type TwilioTextKey } from './texts.ts';
import { mountSignedRoute } from './webhook.ts';

const E164 = /^\+[1-9]\d{1,14}$/;
const SENDER = /^(\+[1-9]\d{1,14}|\d{3,8})$/;

/** The message content of one Messages API call: free text or an approved template. */
export type MessageContent = { body: string } | { contentSid: string; contentVariables: string };

/** What a reply is made of once keyword replies are substituted. */
export interface ReplyToRender {
  text: string;
  choices?: { label: string; value: string }[];
  language: string;
  /** Bare E.164 recipient. */
  to: string;
}

/** The channel-specific half of an adapter. */
export interface TwilioChannelSpec {
  id: TwilioChannel;
  limits: ChannelLimits;
  /** The inbound webhook path. */
  path: string;
  /** The configured sender for this channel (bare number), if any. */
  from?: string;
  compose(reply: ReplyToRender, state: TwilioChannelState): Promise<MessageContent>;
  /** True when Twilio itself answers this keyword, so we stay silent. */
  suppressControl?(control: ControlReply): boolean;
  /** A second attempt after a classified failure (a template after WhatsApp's 63016). */
  fallback?(error: ChannelError, reply: ReplyToRender): MessageContent | undefined;
}

export interface TwilioAdapterOptions {
  /** The Messages API to send through; defaults to the real `twilio` client. */
  api?: TwilioMessagesApi;
  /** The clock (WhatsApp's window, received-at times). */
  now?: () => Date;
}

const CONTROL_TEXT: Record<ControlReply['kind'], TwilioTextKey> = {
  opt_out: 'twilio.opted_out',
  opt_in: 'twilio.opted_in',
  help: 'twilio.help',
  media_only: 'media_only',
};

/** Builds a full {@link ChannelAdapter} from a channel spec. */
export function createTwilioAdapter(
  config: TwilioConfig,
  ctx: ChannelContext,
  spec: TwilioChannelSpec,
  options: TwilioAdapterOptions = {},
): ChannelAdapter & { readonly settings: TwilioSettings } {
  const settings = resolveTwilioSettings(config);
  const { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken } = config;
  if (!accountSid || !authToken) throw new ChannelError(`${spec.id}: TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are required`, false, { code: 'not_configured' });
  const api = options.api ?? createTwilioMessagesApi({ accountSid, authToken, apiUrl: config.TWILIO_API_URL, timeoutMs: settings.TWILIO_TIMEOUT_MS });
  const now = options.now ?? (() => new Date());
  const state = new TwilioChannelState(ctx.state, spec.id);
  const logger = ctx.logger.child({ channel: spec.id });
  const webhook = { authToken, publicUrl: config.PUBLIC_URL, logger };
  const statusCallback = config.PUBLIC_URL ? `${config.PUBLIC_URL.replace(/\/+$/, '')}${STATUS_PATH}` : undefined;
  const address = (number: string) => (spec.id === 'whatsapp' ? `whatsapp:${number}` : number);
  if (!config.PUBLIC_URL) logger.warn({}, 'PUBLIC_URL is not set: signatures are checked against the local URL and no status callbacks are requested');

  function senderFor(message: OutboundMessage): Pick<MessageCreateParams, 'from' | 'messagingServiceSid'> {
    const replyFrom = message.replyAddress ? bareAddress(message.replyAddress) : undefined;
    const from = replyFrom && SENDER.test(replyFrom) ? replyFrom : spec.from;
    const service = config.TWILIO_MESSAGING_SERVICE_SID;
    if (!from && !service) throw new ChannelError(`${spec.id}: no sender configured`, false, { code: 'not_configured' });
    return { ...(from ? { from: address(from) } : {}), ...(service ? { messagingServiceSid: service } : {}) };
  }

  function refuse(to: string, code: string, message: string): never {
    logger.warn({ to, code }, message);
    throw new ChannelError(message, false, { code });
  }

  async function create(message: OutboundMessage, to: string, content: MessageContent): Promise<string> {
    const params: MessageCreateParams = { to: address(to), ...senderFor(message), ...content, ...(statusCallback ? { statusCallback } : {}) };
    return (await api.createMessage(params)).sid;
  }

  async function send(message: OutboundMessage): Promise<DeliveryReceipt> {
    const to = bareAddress(message.recipientAddress);
    if (!E164.test(to)) refuse(to, 'invalid_recipient', `${spec.id}: recipient "${message.recipientAddress}" is not an E.164 number`);
    const control = await state.control(message.replyTo);
    // The opt-out confirmation and a HELP answer go out even to an opted-out number (carriers expect both).
    if (control?.kind !== 'opt_out' && control?.kind !== 'help' && (await state.isOptedOut(to))) {
      refuse(to, 'opted_out', `${spec.id}: ${to} opted out (replied STOP); nothing is sent until they reply START`);
    }
    if (control && message.replyTo && spec.suppressControl?.(control)) {
      await state.clearControl(message.replyTo);
      logger.info({ to, keyword: control.kind }, 'keyword answered by Twilio itself (Advanced Opt-Out); no reply sent');
      return {};
    }
    const reply: ReplyToRender = control
      ? { text: twilioText(message.language, CONTROL_TEXT[control.kind]), language: message.language, to }
      : { text: message.text, choices: message.choices, language: message.language, to };
    const content = await spec.compose(reply, state).catch(async (thrown: unknown) => {
      throw await recordFailure(to, classifyTwilioError(thrown));
    });
    let sid: string;
    try {
      sid = await create(message, to, content);
    } catch (thrown) {
      const error = classifyTwilioError(thrown);
      const alternative = spec.fallback?.(error, reply);
      if (!alternative) throw await recordFailure(to, error);
      logger.info({ to, code: error.code }, 'retrying with the fallback content');
      try {
        sid = await create(message, to, alternative);
      } catch (second) {
        throw await recordFailure(to, classifyTwilioError(second));
      }
    }
    if (control && message.replyTo) await state.clearControl(message.replyTo);
    if (!control) await state.setChoices(to, reply.choices);
    return { providerMessageId: sid };
  }

  async function recordFailure(to: string, error: ChannelError): Promise<ChannelError> {
    if (error.code === 'twilio_21610') await state.setOptedOut(to, true);
    if (!error.retryable) {
      logger.warn({ to, code: error.code }, `${spec.id}: reply refused for good: ${error.message}`);
    }
    return error;
  }

  function mount(router: Router, accept: Accept): void {
    mountSignedRoute(router, spec.path, webhook, async (params) => {
      const inbound = parseTwilioInbound(params, spec.id);
      const message = await toInboundMessage(inbound, state, now());
      const result = await accept(message);
      if (result.duplicate) logger.debug({ messageSid: inbound.messageSid }, 'duplicate delivery ignored');
    });
    listenForStatus(router, spec.id, webhook, {
      logger,
      reportDelivery: (report) => ctx.reportDelivery(report),
      onFailure: async (to, code) => {
        if (code === '21610' && E164.test(to)) await state.setOptedOut(to, true);
      },
    });
  }

  return { id: spec.id, limits: spec.limits, settings, mount, send };
}
