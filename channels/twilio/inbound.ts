/**
 * A parsed Twilio message → the gateway's {@link InboundMessage}, applying the
 * channel rules that depend on what the customer wrote: opt-out keywords,
 * numbered choices, and the WhatsApp window's clock.
 */
import { CONTROL_ACTIONS } from '../../src/gateway/control.ts';
import type { InboundMessage } from '../../src/gateway/messages.ts';
import { detectKeyword } from './keywords.ts';
import type { TwilioInbound } from './parse.ts';
import type { TwilioChannelState } from './state.ts';

async function controlAction(inbound: TwilioInbound, state: TwilioChannelState): Promise<{ action?: string; languages?: string[] }> {
  if (inbound.media.length > 0 && inbound.body.trim() === '') {
    // Nothing to read: a polite request for words, in the customer's language, rather than silence.
    await state.recordControl(inbound.messageSid, { kind: 'media_only', twilioDefault: false });
    return { action: CONTROL_ACTIONS.media_only };
  }
  const keyword = inbound.media.length === 0 ? detectKeyword(inbound.body) : undefined;
  if (!keyword) return {};
  if (keyword.kind === 'opt_out') await state.setOptedOut(inbound.from, true);
  if (keyword.kind === 'opt_in') {
    if (keyword.onlyWhenOptedOut && !(await state.isOptedOut(inbound.from))) return {};
    await state.setOptedOut(inbound.from, false);
  }
  await state.recordControl(inbound.messageSid, { kind: keyword.kind, twilioDefault: keyword.twilioDefault });
  return { action: CONTROL_ACTIONS[keyword.kind], ...(keyword.languages ? { languages: keyword.languages } : {}) };
}

async function choiceAction(inbound: TwilioInbound, state: TwilioChannelState): Promise<string | undefined> {
  const number = /^\s*(\d{1,2})[.)]?\s*$/.exec(inbound.body)?.[1];
  if (!number) return undefined;
  const choices = await state.choices(inbound.from);
  return choices[Number(number) - 1]?.value;
}

/**
 * Builds the message to accept. `locale` carries the language of a localized
 * keyword ("AYUDA" → `es`), `localeAlternatives` the other languages of a word
 * several share ("STOPP": `de`, then `sv`, `nb`); the core picks among them by
 * the customer and derives the market from the number itself.
 */
export async function toInboundMessage(
  inbound: TwilioInbound,
  state: TwilioChannelState,
  receivedAt: Date,
): Promise<InboundMessage> {
  if (inbound.channel === 'whatsapp') await state.touchInbound(inbound.from, receivedAt);
  const control = await controlAction(inbound, state);
  const action = control.action ?? inbound.buttonPayload ?? (await choiceAction(inbound, state));
  const [locale, ...alternatives] = control.languages ?? [];
  const message: InboundMessage = {
    channel: inbound.channel,
    providerMessageId: inbound.messageSid,
    senderAddress: inbound.from,
    replyAddress: inbound.to,
    text: inbound.body,
    receivedAt,
  };
  if (inbound.media.length > 0) message.attachments = inbound.media;
  if (action) message.action = action;
  if (locale) message.locale = locale;
  if (alternatives.length > 0) message.localeAlternatives = alternatives;
  if (inbound.profileName) message.displayName = inbound.profileName;
  return message;
}
