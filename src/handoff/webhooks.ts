import { createHmac } from 'node:crypto';
import type { Logger } from '../gateway/channel.ts';
import type { TicketStore } from './types.ts';

export interface WebhookSenderOptions {
  tickets: TicketStore;
  url: string | undefined;
  secret: string | undefined;
  logger: Logger;
  now?: () => Date;
  /** Attempts before a delivery is given up (default 10). */
  maxAttempts?: number;
  timeoutMs?: number;
}

/** `sha256=<hex>` over `<timestamp>.<body>`: what a receiver recomputes with the shared secret. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Sends queued `ticket.*` events to `HANDOFF_WEBHOOK_URL`, signed, at least once, retried with
 * backoff. Each delivery is leased in the database, so several replicas never send one twice at once.
 */
export class WebhookSender {
  private readonly now: () => Date;

  constructor(private readonly options: WebhookSenderOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Sends what is due; resolves to the number delivered. */
  async flush(): Promise<number> {
    const { tickets, url, secret, logger } = this.options;
    if (!url || !secret) return 0;
    const due = await tickets.claimWebhooks(this.now(), 60_000, 20);
    let delivered = 0;
    for (const hook of due) {
      const timestamp = String(Math.floor(this.now().getTime() / 1000));
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Switchboard-Webhooks',
            'x-switchboard-event': hook.event,
            'x-switchboard-delivery': hook.id,
            'x-switchboard-timestamp': timestamp,
            'x-switchboard-signature': signWebhook(secret, timestamp, hook.payload),
          },
          body: hook.payload,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        });
        await response.arrayBuffer().catch(() => undefined);
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
      } catch (error) {
        const attempts = hook.attempts + 1;
        const final = attempts >= (this.options.maxAttempts ?? 10);
        const delay = Math.min(3_600_000, 5_000 * 2 ** hook.attempts);
        const reason = error instanceof Error ? error.message : String(error);
        await tickets.webhookFailed(hook.id, new Date(this.now().getTime() + delay), final, reason);
        logger.warn({ delivery: hook.id, event: hook.event, attempts, final, err: reason }, final ? 'handoff webhook given up' : 'handoff webhook failed; will retry');
        continue;
      }
      // Delivered: a database fault here must not count as a failed delivery. It ends this pass; the
      // claim runs out and the webhook goes again with the same delivery id, which receivers dedupe on.
      await tickets.webhookDone(hook.id);
      delivered++;
    }
    return delivered;
  }
}
