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

const webMessage = z.object({
  // Optional: without one (or without proof of it) the visitor is a guest; identity.ts decides.
  userId: webUserId.or(z.string().refine(isGuestId, 'is not a guest id')).optional(),
  text: z.string().max(4000, 'must be at most 4000 characters').refine((text) => text.trim().length > 0, 'must not be empty'),
  id: z.string().min(1).max(200).optional(),
  locale: z
    .string()
    .regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en or sv-SE')
    .optional(),
});

/**
 * Validates a `POST /webhooks/web` body into a normalized message; the client's `id` is the dedupe
 * key. `sender` is who the channel established the visitor to be (identity.ts).
 */
export function parseWebMessage(body: unknown, now = new Date(), sender?: WebSender): InboundMessage {
  const parsed = webMessage.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'} ${issue.message}`);
    throw new ValidationError(`Invalid web message: ${issues.join('; ')}`, issues);
  }
  const { userId, text, id, locale } = parsed.data;
  const senderAddress = sender?.address ?? userId;
  if (senderAddress === undefined) throw new ValidationError('Invalid web message: userId is required', ['userId is required']);
  return {
    channel: 'web',
    providerMessageId: id ?? randomUUID(),
    senderAddress,
    text: text.trim(),
    locale,
    role: 'customer',
    ...(sender?.claims ? { claims: sender.claims } : {}),
    ...(sender?.guest ? { guest: true } : {}),
    receivedAt: now,
  };
}
