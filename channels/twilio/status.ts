/**
 * `POST /webhooks/twilio/status`: Twilio's delivery callbacks for the replies
 * we sent. SMS and WhatsApp share the one URL; the `whatsapp:` prefix on `To`
 * says which channel a callback belongs to.
 * https://www.twilio.com/docs/messaging/guides/track-outbound-message-status
 */
import type { Router } from 'express';
import { z } from 'zod';
import type { DeliveryStatusReport, Logger } from '../../src/gateway/channel.ts';
import { ValidationError } from '../../src/errors.ts';
import { PERMANENT_CODES } from './errors.ts';
import type { TwilioChannel } from './parse.ts';
import { mountSignedRoute, type WebhookSettings } from './webhook.ts';

export const STATUS_PATH = '/webhooks/twilio/status';

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);

const statusSchema = z.object({
  MessageSid: z.preprocess(first, z.string().min(1)),
  MessageStatus: z.preprocess(first, z.string().min(1)),
  To: z.preprocess(first, z.string().optional()),
  ErrorCode: z.preprocess(first, z.string().optional()),
  ErrorMessage: z.preprocess(first, z.string().optional()),
});

/** What a channel does with a callback that concerns it. */
export interface StatusListener {
  reportDelivery(report: DeliveryStatusReport): Promise<void>;
  /** Called on a final failure, after it is reported (e.g. to record an opt-out). */
  onFailure?(to: string, code: string | undefined): Promise<void>;
  logger: Logger;
}

const listenersByRouter = new WeakMap<Router, Map<TwilioChannel, StatusListener>>();

/** Twilio's status → the outbox's; `undefined` for steps that change nothing (queued, sending, sent). */
function outcomeOf(status: string): 'delivered' | 'failed' | undefined {
  if (status === 'delivered' || status === 'read') return 'delivered';
  if (status === 'undelivered' || status === 'failed') return 'failed';
  // 'sent' is already what the outbox recorded on send; a late one must not undo 'delivered'.
  return undefined;
}

/**
 * Registers `channel` for delivery callbacks on `router`. The first channel to
 * register mounts the route; later ones share it.
 */
export function listenForStatus(router: Router, channel: TwilioChannel, settings: WebhookSettings, listener: StatusListener): void {
  let listeners = listenersByRouter.get(router);
  if (listeners) {
    listeners.set(channel, listener);
    return;
  }
  listeners = new Map([[channel, listener]]);
  listenersByRouter.set(router, listeners);
  const registered = listeners;
  mountSignedRoute(router, STATUS_PATH, settings, async (params) => {
    const parsed = statusSchema.safeParse(params);
    if (!parsed.success) throw new ValidationError('Not a Twilio status callback', parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`));
    const callback = parsed.data;
    const to = callback.To ?? '';
    const target: TwilioChannel = /^whatsapp:/i.test(to) ? 'whatsapp' : 'sms';
    const status = outcomeOf(callback.MessageStatus);
    const owner = registered.get(target);
    if (!status || !owner) return;
    const code = callback.ErrorCode || undefined;
    const reason = code ? `Twilio error ${code}: ${callback.ErrorMessage ?? PERMANENT_CODES[Number(code)] ?? 'see https://www.twilio.com/docs/api/errors/' + code}` : undefined;
    if (status === 'failed') {
      // The core counts and records it too (reportDelivery); this line carries Twilio's own words.
      owner.logger.warn({ channel: target, providerMessageId: callback.MessageSid, status: callback.MessageStatus, code }, `twilio reply not delivered: ${reason ?? callback.MessageStatus}`);
    }
    await owner.reportDelivery({ channel: target, providerMessageId: callback.MessageSid, status, ...(reason ? { error: reason } : {}) });
    if (status === 'failed') await owner.onFailure?.(to.replace(/^whatsapp:/i, ''), code);
  });
}
