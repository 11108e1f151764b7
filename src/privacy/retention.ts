import type { Logger } from '../gateway/channel.ts';
import { MESSAGE_KINDS, TICKET_KINDS, type PrivacyStore, type SweepKind } from './types.ts';

export interface RetentionOptions {
  /** How long messages and what hangs on them are kept; undefined: forever. */
  messagesMs?: number;
  /** How long closed tickets are kept; undefined: forever. */
  ticketsMs?: number;
  /** Rows per batch (one short transaction each). */
  batch: number;
  /** Time between passes. */
  intervalMs: number;
  /** Breathing room between batches, so accepting and turns get the database in between (default 5 ms). */
  pauseMs?: number;
  logger: Logger;
  now?: () => number;
}

/**
 * Deletes what is older than its retention, in the background: each kind in small batches of
 * one short transaction, with a pause between them, so no lock is held long enough to stall
 * accepting. A database fault ends the pass quietly; the next pass goes on where it stopped.
 */
export class RetentionSweeper {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;

  constructor(
    private readonly store: PrivacyStore,
    private readonly options: RetentionOptions,
  ) {}

  get enabled(): boolean {
    return this.options.messagesMs !== undefined || this.options.ticketsMs !== undefined;
  }

  /** Runs a first pass soon after start, then one every `intervalMs`. */
  start(): void {
    if (!this.enabled || this.timer) return;
    this.stopped = false;
    const schedule = (delay: number) => {
      this.timer = setTimeout(() => {
        this.running = this.sweepOnce()
          .catch(() => undefined)
          .finally(() => {
            this.running = undefined;
            if (!this.stopped) schedule(this.options.intervalMs);
          });
      }, delay);
      this.timer.unref();
    };
    schedule(Math.min(this.options.intervalMs, 5_000));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One full pass over every kind; resolves to the rows removed or blanked per kind. */
  async sweepOnce(): Promise<Partial<Record<SweepKind, number>>> {
    const now = (this.options.now ?? Date.now)();
    const { messagesMs, ticketsMs, batch, logger } = this.options;
    const plan: [SweepKind, number][] = [
      ...(messagesMs !== undefined ? MESSAGE_KINDS.map((kind): [SweepKind, number] => [kind, now - messagesMs]) : []),
      ...(ticketsMs !== undefined ? TICKET_KINDS.map((kind): [SweepKind, number] => [kind, now - ticketsMs]) : []),
    ];
    const removed: Partial<Record<SweepKind, number>> = {};
    try {
      for (const [kind, cutoff] of plan) {
        let after = '';
        for (;;) {
          if (this.stopped) return removed;
          const step = await this.store.sweep(kind, cutoff, batch, after);
          if (step.touched > 0) removed[kind] = (removed[kind] ?? 0) + step.touched;
          await new Promise((resolve) => setTimeout(resolve, this.options.pauseMs ?? 5));
          if (step.after !== undefined) after = step.after;
          else if (step.touched < batch || kind === 'threads' || kind === 'customers') break;
        }
      }
    } catch (error) {
      logger.warn({ err: { message: (error as Error).message, code: (error as { code?: string }).code }, removed }, 'retention sweep stopped by a database fault; the next pass goes on');
      return removed;
    }
    if (Object.keys(removed).length > 0) logger.info({ removed }, 'retention sweep removed data past its retention');
    return removed;
  }
}
