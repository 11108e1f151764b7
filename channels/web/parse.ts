import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ValidationError } from '../../src/errors.ts';
import type { InboundMessage } from '../../src/gateway/messages.ts';

/** A web user id: what the page or an integration names its visitor. */
export const webUserId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\w.:@+-]+$/, 'may hold letters, digits and . _ : @ + - only');

const webMessage = z.object({
  userId: webUserId,
  text: z.string().max(4000, 'must be at most 4000 characters').refine((text) => text.trim().length > 0, 'must not be empty'),
  id: z.string().min(1).max(200).optional(),
  locale: z
    .string()
    .regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en or sv-SE')
    .optional(),
});

/** Validates a `POST /webhooks/web` body into a normalized message; the client's `id` is the dedupe key. */
export function parseWebMessage(body: unknown, now = new Date()): InboundMessage {
  const parsed = webMessage.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'} ${issue.message}`);
    throw new ValidationError(`Invalid web message: ${issues.join('; ')}`, issues);
  }
  const { userId, text, id, locale } = parsed.data;
  return {
    channel: 'web',
    providerMessageId: id ?? randomUUID(),
    senderAddress: userId,
    text: text.trim(),
    locale,
    role: 'customer',
    receivedAt: now,
  };
}
