import { ChannelError } from '../errors.ts';
import { describeFault, isStoreFault } from '../store/faults.ts';
import { backoffDelay, pause } from './backoff.ts';
import type { ChannelAdapter, Logger } from './channel.ts';
import type { ChannelId, DeliveryReceipt } from './messages.ts';
import type { Lease, OutboxItem, OutboxStore } from '../store/types.ts';
import type { GatewayMetrics as Metrics } from './metrics.ts';
import { KeyedSerialQueue } from './keyed-serial-queue.ts';
import { timed } from './phases.ts';

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
 * The database failing never makes a reply go twice or get lost: a sent reply is only
 * recorded (again and again until that lands), and a failed attempt waits for its record.
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
      (_thread, item) => timed('send and its record', () => this.deliver(item)),
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
      await this.record(log, () => outbox.release(item.seq, this.options.lease));
      log.info({}, `reply left for a gateway with the ${item.channel} channel on (it is off in this process)`);
      return;
    }
    for (let attempt = item.attempts; !this.abort.signal.aborted; attempt++) {
      let receipt: DeliveryReceipt;
      try {
        receipt = await adapter.send(item);
      } catch (error) {
        const retryable = error instanceof ChannelError ? error.retryable : true;
        const code = error instanceof ChannelError ? error.code : 'unexpected';
        const final = !retryable || attempt + 1 >= maxAttempts;
        const reason = error instanceof Error ? error.message : String(error);
        if (!(await this.record(log, () => outbox.markAttempt(item.seq, reason, final)))) return;
        if (final) {
          metrics.outboxFailed.inc({ channel: item.channel, code });
          log.error({ err: error, attempts: attempt + 1, code }, 'reply could not be delivered; giving up');
          return;
        }
        const delay = Math.max(error instanceof ChannelError ? (error.retryAfterMs ?? 0) : 0, backoffDelay(attempt + 1, this.baseDelayMs, this.maxDelayMs));
        metrics.outboxRetries.inc({ channel: item.channel });
        log.warn({ err: error, attempt: attempt + 1, retryInMs: Math.round(delay) }, 'reply send failed; will retry');
        // Shutting down: the reply stays pending and is resumed at the next start.
        if (!(await pause(delay, this.abort.signal))) return;
        continue;
      }
      // Handed to the channel: from here on only the record may be missing, and it must never be sent again.
      if (!(await this.record(log, () => outbox.markSent(item.seq, receipt.providerMessageId)))) return;
      metrics.outboxSent.inc({ channel: item.channel });
      await this.options.afterSend?.(item, receipt).catch((error: unknown) => log.error({ err: error }, 'after-send hook failed'));
      return;
    }
  }

  /**
   * Writes a delivery record, waiting out database faults with backoff until it lands. False when
   * it could not be written (shutting down, or an error that is not the database's passing fault).
   */
  private async record(log: Logger, write: () => Promise<void>): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await write();
        return true;
      } catch (error) {
        if (!isStoreFault(error)) {
          log.error({ err: error }, 'could not record a delivery; the reply stays pending');
          return false;
        }
        if (attempt === 1) log.warn({ err: describeFault(error) }, 'the database failed while recording a delivery; trying again');
        if (!(await pause(backoffDelay(attempt, 100, 5000), this.abort.signal))) return false;
      }
    }
  }
}
