/**
 * Runs `work(key)` for up to `concurrency` keys at once, never twice at the same time for
 * one key. Waking a key that is already waiting does nothing; waking one that is running
 * makes it run once more afterwards, so no wake-up is lost.
 */
export class CoalescingRunner {
  private readonly waiting = new Set<string>();
  private readonly running = new Map<string, { again: boolean }>();
  private ready: string[] = [];
  private stopped = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly work: (key: string) => Promise<void>,
    private readonly onError: (error: unknown, key: string) => void,
  ) {}

  /** Keys waiting or running. */
  get size(): number {
    return this.waiting.size + this.running.size;
  }

  wake(key: string): void {
    if (this.stopped) return;
    const active = this.running.get(key);
    if (active) {
      active.again = true;
    } else if (!this.waiting.has(key)) {
      this.waiting.add(key);
      this.ready.push(key);
      this.pump();
    }
  }

  /** Resolves when nothing runs and nothing waits (once stopped: when nothing runs). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Starts nothing new; resolves when running work has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.waiting.clear();
    this.ready = [];
    await this.idle();
  }

  private isIdle(): boolean {
    return this.running.size === 0 && (this.stopped || this.waiting.size === 0);
  }

  private pump(): void {
    while (!this.stopped && this.running.size < this.concurrency && this.ready.length > 0) {
      const key = this.ready.shift()!;
      this.waiting.delete(key);
      const state = { again: false };
      this.running.set(key, state);
      void this.run(key, state);
    }
  }

  private async run(key: string, state: { again: boolean }): Promise<void> {
    do {
      state.again = false;
      // The work handles its own failures; a throw here is a bug, reported and not allowed to stall the key.
      await this.work(key).catch((error: unknown) => this.onError(error, key));
    } while (state.again && !this.stopped);
    this.running.delete(key);
    this.pump();
    if (this.isIdle()) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}
