import type Database from 'better-sqlite3';
import { isStoreFault } from './faults.ts';
import { phasesEnabled } from '../gateway/phases.ts';

/** Writes that share one commit at most; the rest wait for the next tick (bounds how long one commit holds the lock). */
const MAX_BATCH = 256;

// `any`: each write keeps its own argument types where `run` is called.
type Write = Database.Transaction<(...args: any[]) => unknown>;

interface Pending {
  write: Write;
  args: unknown[];
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Group commit for one SQLite connection: the writes asked for within one tick of the event
 * loop (the webhooks, completions and sends that arrived together) run in one transaction, and
 * each caller's promise settles only after that transaction committed. This is what
 * PostgreSQL's `commit_delay` does for its WAL: one commit, one lock round, one set of WAL pages
 * for many writes, at no added wait when the gateway is idle (a tick is the wait).
 *
 * Each write is a `db.transaction` function, so inside the shared transaction it runs in a
 * savepoint of its own: a write that throws (a bug, a constraint) is rolled back alone and only
 * its caller is told; the others commit. A fault of the database itself (busy, I/O, disk full)
 * fails the whole batch, and a commit that fails fails every write in it: no caller hears of
 * success for a write that is not on disk. A batch whose commit failed for any other reason is
 * run again one transaction per write, so one bad write cannot keep failing its neighbours.
 * Writes run in the order they were asked for, exactly as if they had been run one by one.
 */
export class GroupCommit {
  private queue: Pending[] = [];
  private scheduled = false;
  private readonly begin: Database.Transaction<(batch: Pending[]) => unknown[]>;

  constructor(
    db: Database.Database,
    /**
     * Off: every write is its own transaction at once (the bench's comparison). Off by default under
     * the bench's CPU breakdown by phase: it sends one message at a time, so there is nothing to share,
     * and a write waiting a tick for its commit would charge that tick's other work to its phase.
     */
    private readonly enabled = !phasesEnabled,
  ) {
    this.begin = db.transaction((batch: Pending[]) => batch.map((pending) => this.attempt(pending)));
  }

  /**
   * Runs `write(...args)` (a `db.transaction` function) in the next shared commit; resolves with
   * its result once that commit is on disk. (The bench's CPU phases need nothing here: every
   * caller awaits inside its own phase, which is the innermost one open when a lone write runs.)
   */
  run<A extends unknown[], T>(write: Database.Transaction<(...args: A) => T>, ...args: A): Promise<T> {
    if (!this.enabled) return alone({ write, args }) as Promise<T>;
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ write, args, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits what is queued now, before the connection closes. */
  flushNow(): void {
    while (this.queue.length > 0) this.flush();
  }

  private flush(): void {
    const batch = this.queue.splice(0, MAX_BATCH);
    this.scheduled = this.queue.length > 0;
    if (this.scheduled) setImmediate(() => this.flush());
    if (batch.length === 0) return;
    if (batch.length === 1) {
      const [only] = batch as [Pending];
      alone(only).then(only.resolve, only.reject);
      return;
    }
    let outcomes: unknown[];
    try {
      outcomes = this.begin.immediate(batch);
    } catch (error) {
      // Nothing of the batch is on disk. A fault of the database: every caller hears it (and retries).
      if (isStoreFault(error)) for (const pending of batch) pending.reject(error);
      // A commit refused for what one write did (a deferred constraint): each write alone, so only that one fails.
      else for (const pending of batch) alone(pending).then(pending.resolve, pending.reject);
      return;
    }
    batch.forEach((pending, index) => {
      const outcome = outcomes[index];
      if (outcome instanceof WriteFailed) pending.reject(outcome.error);
      else pending.resolve(outcome);
    });
  }

  /** One write inside the shared transaction: its own failure is its caller's alone, a store fault is everyone's. */
  private attempt(pending: Pending): unknown {
    try {
      return pending.write(...pending.args);
    } catch (error) {
      if (isStoreFault(error)) throw error;
      return new WriteFailed(error);
    }
  }
}

/** A write that threw inside the shared transaction (and was rolled back to its savepoint). */
class WriteFailed {
  constructor(readonly error: unknown) {}
}

/** One write in a transaction of its own. */
function alone(pending: Pick<Pending, 'write' | 'args'>): Promise<unknown> {
  try {
    return Promise.resolve(pending.write.immediate(...pending.args));
  } catch (error) {
    return Promise.reject(error);
  }
}
