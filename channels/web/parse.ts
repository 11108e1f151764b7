import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ValidationError } from '../../src/errors.ts';
import type { InboundMessage } from '../../src/gateway/messages.ts';
import { isGuestId, type WebSender } from './identity.ts';

/** A web user id: what the page or an integration names its visitor. */
export const webUserId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\w.:@+-]+$/, 'may hold letters, digits and . _ : @ + - only');

/**
 * A button or menu value the assistant offered (`rating:5`, `intent:affirm`, `order:1042`),
 * sent back as the person's choice. Only the assistant's own kinds are accepted: the
 * gateway's control and agent actions (`opt_out`, `handoff:…`) never come from a page.
 */
export const webAction = z
  .string()
  .max(100)
  .regex(/^(?:intent|order|rating):[\w-]{1,64}$/, 'must be a choice value the assistant offered, such as rating:5 or intent:affirm');

const webMessage = z
  .object({
    // Optional: without one (or without proof of it) the visitor is a guest; identity.ts decides.
    userId: webUserId.or(z.string().refine(isGuestId, 'is not a guest id')).optional(),
    text: z.string().max(4000, 'must be at most 4000 characters').optional(),
    action: webAction.optional(),
    id: z.string().min(1).max(200).optional(),
    locale: z
      .string()
      .regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en or sv-SE')
      .optional(),
  })
  // A button needs no words: its value is the message. Without one, the text must say something.
  .refine((body) => body.action !== undefined || (body.text ?? '').trim().length > 0, { path: ['text'], message: 'must not be empty (or send an action)' });

/**
 * The gateway's dedupe key for a web message: the client's `id` within its visitor. Clients pick ids
 * (an integration may count 1, 2, 3 per visitor), so one visitor's id must never shadow another's
 * message. A user id holds no `/`, so the first one separates the two parts.
 */
export function scopedMessageId(senderAddress: string, clientId: string): string {
  return `${senderAddress}/${clientId}`;
}

/** The client's own id of a message, as the page and integrations know it. */
export function clientMessageId(providerMessageId: string): string {
  const slash = providerMessageId.indexOf('/');
  return slash < 0 ? providerMessageId : providerMessageId.slice(slash + 1);
}

/**
 * Validates a `POST /webhooks/web` body into a normalized message; the client's `id`, within its
 * visitor, is the dedupe key. `sender` is who the channel established the visitor to be (identity.ts). A clicked button
 * arrives as `action` (its value), the way Slack, Teams and WhatsApp buttons reach the gateway;
 * `text` may then be empty.
 */
export function parseWebMessage(body: unknown, now = new Date(), sender?: WebSender): InboundMessage {
  const parsed = webMessage.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'} ${issue.message}`);
    throw new ValidationError(`Invalid web message: ${issues.join('; ')}`, issues);
  }
  const { userId, text, action, id, locale } = parsed.data;
  const senderAddress = sender?.address ?? userId;
  if (senderAddress === undefined) throw new ValidationError('Invalid web message: userId is required', ['userId is required']);
  return {
    channel: 'web',
    providerMessageId: scopedMessageId(senderAddress, id ?? randomUUID()),
    senderAddress,
    text: (text ?? '').trim(),
    ...(action ? { action } : {}),
    locale,
    role: 'customer',
    ...(sender?.claims ? { claims: sender.claims } : {}),
    ...(sender?.guest ? { guest: true } : {}),
    receivedAt: now,
  };
}
