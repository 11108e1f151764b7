/**
 * Runs work items one at a time per key, in the order they were added, and up to
 * `concurrency` keys at once. This is the gateway's per-thread ordering: one turn at a
 * time per thread, many threads in parallel.
 */
export class KeyedSerialQueue<T> {
  private readonly queues = new Map<string, T[]>();
  private readonly ready: string[] = [];
  private readyHead = 0;
  private running = 0;
  private size = 0;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly work: (key: string, item: T) => Promise<void>,
    private readonly onError: (error: unknown, key: string, item: T) => void,
  ) {}

  /** Items waiting or running. */
  get depth(): number {
    return this.size;
  }

  add(key: string, item: T): void {
    if (this.stopped) return;
    this.size++;
    const queue = this.queues.get(key);
    if (queue) {
      queue.push(item);
      return;
    }
    this.queues.set(key, [item]);
    this.ready.push(key);
    this.pump();
  }

  /** Stops taking new items and starting queued ones; resolves when running items finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle();
  }

  /** Resolves when nothing is running (and, unless stopped, nothing is queued). */
  idle(): Promise<void> {
    if (this.running === 0 && (this.stopped || this.size === 0)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (!this.stopped && this.running < this.concurrency && this.readyHead < this.ready.length) {
      const key = this.ready[this.readyHead++]!;
      if (this.readyHead > 1024 && this.readyHead * 2 > this.ready.length) {
        this.ready.splice(0, this.readyHead);
        this.readyHead = 0;
      }
      this.running++;
      void this.drain(key);
    }
  }

  private async drain(key: string): Promise<void> {
    const queue = this.queues.get(key)!;
    while (queue.length > 0 && !this.stopped) {
      const item = queue[0]!;
      // The work function handles its own failures; a throw here is a bug, reported and not allowed to stall the key.
      await this.work(key, item).catch((error: unknown) => this.onError(error, key, item));
      queue.shift();
      this.size--;
    }
    if (queue.length === 0) this.queues.delete(key);
    this.running--;
    this.pump();
    if (this.running === 0 && (this.stopped || this.size === 0)) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}
