import { setTimeout as sleep } from 'node:timers/promises';
import { ChannelError } from '../errors.ts';
import type { ChannelAdapter, Logger } from './channel.ts';
import type { ChannelId, DeliveryReceipt } from './messages.ts';
import type { Lease, OutboxItem, OutboxStore } from '../store/types.ts';
import type { Metrics } from '../server/metrics.ts';
import { KeyedSerialQueue } from './keyed-serial-queue.ts';

export interface OutboxSenderOptions {
  outbox: OutboxStore;
  channels: ReadonlyMap<ChannelId, ChannelAdapter>;
  lease: Lease;
  logger: Logger;
  metrics: Metrics;
  maxAttempts: number;
  /** First retry delay; doubles each attempt up to `maxDelayMs`, with jitter. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  concurrency?: number;
  /** Told of every reply handed to its channel (a failure here is logged; the reply counts as sent). */
  afterSend?: (item: OutboxItem, receipt: DeliveryReceipt) => Promise<void>;
}

/**
 * Sends queued replies through their channel, one at a time per thread so a person
 * reads them in order, retrying retryable failures with exponential backoff and
 * honouring a provider's Retry-After. Permanent failures are recorded, not retried.
 */
export class OutboxSender {
  private readonly queue: KeyedSerialQueue<OutboxItem>;
  private readonly abort = new AbortController();
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(private readonly options: OutboxSenderOptions) {
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 60_000;
    this.queue = new KeyedSerialQueue(
      options.concurrency ?? 64,
      (_thread, item) => this.deliver(item),
      (error, thread, item) => options.logger.error({ err: error, threadId: thread, outboxId: item.id }, 'outbox delivery crashed'),
    );
  }

  enqueue(items: OutboxItem[]): void {
    for (const item of items) this.queue.add(item.threadId, item);
  }

  get depth(): number {
    return this.queue.depth;
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.queue.stop();
  }

  private async deliver(item: OutboxItem): Promise<void> {
    const { outbox, channels, logger, metrics, maxAttempts } = this.options;
    const adapter = channels.get(item.channel);
    const log = logger.child({ outboxId: item.id, threadId: item.threadId, channel: item.channel });
    if (!adapter) {
      // Another process on the same database may serve the channel (a gateway with Slack on, for a
      // ticket opened from the terminal chat): leave the reply to it rather than drop it.
      await outbox.release(item.seq, this.options.lease);
      log.info({}, `reply left for a gateway with the ${item.channel} channel on (it is off in this process)`);
      return;
    }
    for (let attempt = item.attempts; !this.abort.signal.aborted; attempt++) {
      try {
        const receipt = await adapter.send(item);
        await outbox.markSent(item.seq, receipt.providerMessageId);
        metrics.outboxSent.inc({ channel: item.channel });
        await this.options.afterSend?.(item, receipt).catch((error: unknown) => log.error({ err: error }, 'after-send hook failed'));
        return;
      } catch (error) {
        const retryable = error instanceof ChannelError ? error.retryable : true;
        const code = error instanceof ChannelError ? error.code : 'unexpected';
        const final = !retryable || attempt + 1 >= maxAttempts;
        const reason = error instanceof Error ? error.message : String(error);
        await outbox.markAttempt(item.seq, reason, final);
        if (final) {
          metrics.outboxFailed.inc({ channel: item.channel, code });
          log.error({ err: error, attempts: attempt + 1, code }, 'reply could not be delivered; giving up');
          return;
        }
        const delay = this.delayFor(attempt, error instanceof ChannelError ? error.retryAfterMs : undefined);
        metrics.outboxRetries.inc({ channel: item.channel });
        log.warn({ err: error, attempt: attempt + 1, retryInMs: delay }, 'reply send failed; will retry');
        try {
          await sleep(delay, undefined, { signal: this.abort.signal });
        } catch {
          return; // Shutting down: the reply stays pending and is resumed at the next start.
        }
      }
    }
  }

  private delayFor(attempt: number, retryAfterMs: number | undefined): number {
    const backoff = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** attempt);
    const jittered = backoff / 2 + Math.random() * (backoff / 2);
    return Math.max(retryAfterMs ?? 0, jittered);
  }
}
