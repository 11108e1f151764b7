/**
 * Twilio's inbound message webhook (SMS, MMS and WhatsApp share one layout)
 * → a typed record. https://www.twilio.com/docs/messaging/guides/webhook-request
 */
import { z } from 'zod';
import type { Attachment } from '../../src/gateway/messages.ts';
import { ValidationError } from '../../src/errors.ts';
import type { TwilioParams } from './verify.ts';

const E164 = /^\+[1-9]\d{1,14}$/;
const MAX_MEDIA = 10;

const single = z.preprocess((value) => (Array.isArray(value) ? value[0] : value), z.string());
const optional = z.preprocess((value) => (Array.isArray(value) ? value[0] : value), z.string().optional());

const inboundSchema = z.object({
  MessageSid: single.pipe(z.string().min(1, 'is required')),
  From: single.pipe(z.string().min(1, 'is required')),
  To: single.pipe(z.string().min(1, 'is required')),
  Body: optional.transform((value) => value ?? ''),
  NumMedia: z.preprocess(
    (value) => (Array.isArray(value) ? value[0] : value) ?? '0',
    z.coerce.number().int().min(0).max(MAX_MEDIA),
  ),
  ProfileName: optional,
  WaId: optional,
  ButtonPayload: optional,
  ButtonText: optional,
});

export type TwilioChannel = 'sms' | 'whatsapp';

/** One inbound Twilio message, its addresses bare E.164 whatever the channel. */
export interface TwilioInbound {
  channel: TwilioChannel;
  messageSid: string;
  /** The sender, E.164 without `whatsapp:`. */
  from: string;
  /** The number (or WhatsApp sender) the customer wrote to, E.164 without `whatsapp:`. */
  to: string;
  body: string;
  media: Attachment[];
  /** WhatsApp profile name. */
  profileName?: string;
  /** WhatsApp id (the number without `+`). */
  waId?: string;
  /** A quick-reply button's payload and label. */
  buttonPayload?: string;
  buttonText?: string;
}

function splitAddress(address: string): { channel: TwilioChannel; number: string } {
  const whatsapp = /^whatsapp:/i.test(address);
  return { channel: whatsapp ? 'whatsapp' : 'sms', number: address.replace(/^whatsapp:/i, '').trim() };
}

function mediaOf(params: TwilioParams, count: number): Attachment[] {
  const media: Attachment[] = [];
  for (let index = 0; index < count; index += 1) {
    const url = params[`MediaUrl${index}`];
    const contentType = params[`MediaContentType${index}`];
    if (typeof url !== 'string' || url === '') continue;
    media.push({ url, contentType: typeof contentType === 'string' && contentType ? contentType : 'application/octet-stream' });
  }
  return media;
}

/**
 * Parses one inbound webhook's parameters. Throws a {@link ValidationError}
 * (HTTP 400) when a required field is missing, the sender is not an E.164
 * number, or a WhatsApp message arrives on the SMS route (or the reverse).
 */
export function parseTwilioInbound(params: TwilioParams, expected: TwilioChannel): TwilioInbound {
  const parsed = inboundSchema.safeParse(params);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new ValidationError('Not a Twilio message webhook', issues);
  }
  const fields = parsed.data;
  const from = splitAddress(fields.From);
  const to = splitAddress(fields.To);
  if (!E164.test(from.number)) throw new ValidationError('From is not an E.164 number', [`From "${fields.From}"`]);
  if (from.channel !== expected) {
    const route = from.channel === 'whatsapp' ? '/webhooks/twilio/whatsapp' : '/webhooks/twilio/sms';
    throw new ValidationError(`A ${from.channel} message reached the ${expected} webhook`, [`point this sender's webhook at ${route}`]);
  }
  return {
    channel: from.channel,
    messageSid: fields.MessageSid,
    from: from.number,
    to: to.number,
    body: fields.Body,
    media: mediaOf(params, fields.NumMedia),
    profileName: fields.ProfileName || undefined,
    waId: fields.WaId || undefined,
    buttonPayload: fields.ButtonPayload || undefined,
    buttonText: fields.ButtonText || undefined,
  };
}
