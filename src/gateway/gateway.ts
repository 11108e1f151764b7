import { hostname } from 'node:os';
import type { Accept, ChannelAdapter, DeliveryStatusReport, Logger } from './channel.ts';
import type { ChannelId, InboundMessage } from './messages.ts';
import type { InboxItem, InsertResult, Lease, NewOutbound, OutboxItem, ResolvedIdentity, Store, StoreHealth } from '../store/types.ts';
import type { TurnMeta } from './assistant.ts';
import type { TurnHooks, TurnListener } from './hooks.ts';
import type { GatewayMetrics as Metrics } from './metrics.ts';
import { CoalescingRunner } from './coalescing-runner.ts';
import { controlTurn } from './control.ts';
import { OutboxSender } from './outbox-sender.ts';
import { failureReply } from './turn.ts';
import type { TurnRunner } from './turn-runner.ts';
import { resolveIdentity } from '../identity/resolve.ts';
import { UnavailableError } from '../errors.ts';
import { StoreUnavailableError, describeFault, isStoreFault } from '../store/faults.ts';
import { backoffDelay, pause } from './backoff.ts';
import { timed } from './phases.ts';

export interface GatewayOptions {
  store: Store;
  /** Where turns run (this thread or worker threads). */
  turns: TurnRunner;
  channels: ChannelAdapter[];
  logger: Logger;
  metrics: Metrics;
  concurrency: number;
  leaseMs: number;
  mergePhoneChannels: boolean;
  outboxMaxAttempts: number;
  /** How often expired leases (a crashed process's work) are looked for. */
  sweepIntervalMs?: number;
  /**
   * Tries a turn gets when the assistant itself fails, before the person is answered with an
   * apology (default 3). Faults of the database never count: those turns wait and try again.
   */
  turnMaxAttempts?: number;
  /** First wait before a turn that met a fault is tried again; it doubles up to `retryMaxMs` (default 250 ms, 10 s). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** How often the database is probed for writes; a change is logged (default 1 s). */
  storeProbeMs?: number;
}

/** How long an incoming message waits for a busy or reconnecting database before the sender is told to retry (Twilio waits 15 s). */
const ACCEPT_PATIENCE_MS = 10_000;
/** /readyz and the watch share one probe this fresh. */
const HEALTH_CACHE_MS = 250;
/** A database that stays broken is reported again this often. */
const STILL_BROKEN_LOG_MS = 60_000;
const FAILED_META: TurnMeta = { route: 'none', intent: 'none', confidence: 0, escalated: false, tools: [], decidedBy: 'none' };

const ownerId = () => `${hostname()}/${process.pid}/${Date.now().toString(36)}`;

/** True for an owner id of this host whose process no longer runs (killed, crashed). */
function ownerIsDeadHere(owner: string): boolean {
  const [host, pid] = owner.split('/');
  if (host !== hostname() || !pid) return false;
  if (Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * The pipeline: accept = persist then acknowledge; a per-thread FIFO dispatcher runs one turn
 * at a time per thread; replies go to the outbox and out through their channel. Work a crashed
 * process left behind is claimed again when its lease expires.
 */
export class Gateway {
  readonly lease: Lease;
  readonly channels: ReadonlyMap<ChannelId, ChannelAdapter>;
  private readonly dispatcher: CoalescingRunner;
  private readonly sender: OutboxSender;
  private timers: NodeJS.Timeout[] = [];
  private accepting = false;
  private running = false;
  private stopping = false;
  private sweeping?: Promise<void>;
  private hooks: TurnHooks = {};
  private readonly listeners: TurnListener[] = [];
  /** Threads waiting out a backoff after a fault: the timer wakes them, nothing else does meanwhile. */
  private readonly retries = new Map<string, { attempt: number; timer?: NodeJS.Timeout }>();
  /** Completions whose commit was not confirmed (the connection dropped on COMMIT): settled before their thread goes on. */
  private readonly unconfirmed = new Map<string, InboxItem>();
  private health?: { at: number; value: Promise<StoreHealth> };
  private storeBroken?: { since: number; loggedAt: number; problem: string };
  private readonly isDead: ((owner: string) => boolean) | undefined;

  constructor(private readonly options: GatewayOptions) {
    this.lease = { owner: ownerId(), ttlMs: options.leaseMs };
    this.isDead = options.store.kind === 'sqlite' ? ownerIsDeadHere : undefined;
    this.channels = new Map(options.channels.map((channel) => [channel.id, channel]));
    this.dispatcher = new CoalescingRunner(
      options.concurrency,
      (threadId) => this.workThread(threadId),
      (error, threadId) => options.logger.error({ err: error, threadId }, 'dispatcher crashed on a thread'),
    );
    this.sender = new OutboxSender({
      outbox: options.store.outbox,
      channels: this.channels,
      lease: this.lease,
      logger: options.logger,
      metrics: options.metrics,
      maxAttempts: options.outboxMaxAttempts,
      afterSend: (item, receipt) => this.hooks.afterSend?.(item, receipt) ?? Promise.resolve(),
    });
    options.metrics.countOutboxWith(() => this.sender.depth);
  }

  /** Installs the pipeline's extension points (human handoff). Call before `start()`. */
  use(hooks: TurnHooks): void {
    this.hooks = hooks;
  }

  /** Adds a listener told of every committed turn (see {@link TurnListener}). */
  observe(listener: TurnListener): void {
    this.listeners.push(listener);
  }

  /** Persists a verified message and queues its turn. Channels call this from their webhooks. */
  readonly accept: Accept = async (message: InboundMessage) => {
    if (!this.accepting) throw new UnavailableError('The gateway is not accepting messages right now (starting or shutting down); retry shortly.');
    const { metrics } = this.options;
    const identity = resolveIdentity(message, { mergePhoneChannels: this.options.mergePhoneChannels });
    const { item, duplicate } = await timed('accept transaction', () => this.insert(message, identity));
    if (duplicate) {
      metrics.duplicates.inc({ channel: message.channel });
      // The first delivery may have been stored by a commit whose answer was lost: make sure its turn runs.
      this.dispatcher.wake(item.threadId);
      return { id: item.id, duplicate: true };
    }
    metrics.accepted.inc({ channel: message.channel });
    metrics.queueDepth.inc();
    this.dispatcher.wake(item.threadId);
    return { id: item.id, duplicate: false };
  };

  /**
   * Stores an incoming message, waiting out a busy or reconnecting database for a while: a slow
   * acknowledgement is better than a 503 that some providers never deliver again.
   */
  private async insert(message: InboundMessage, identity: ResolvedIdentity): Promise<InsertResult> {
    const deadline = Date.now() + ACCEPT_PATIENCE_MS;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.options.store.inbox.insert(message, identity);
      } catch (error) {
        if (!isStoreFault(error)) throw error;
        const delay = backoffDelay(attempt, 50, 1000);
        const lasting = error instanceof StoreUnavailableError && error.lasting;
        if (lasting || !this.accepting || Date.now() + delay > deadline) {
          this.options.logger.warn({ err: describeFault(error), channel: message.channel }, 'could not store an incoming message; the sender is asked to retry (503)');
          throw new UnavailableError('The gateway cannot store messages right now (its database is unavailable); retry shortly.');
        }
        await pause(delay);
      }
    }
  }

  /** Provider delivery callbacks land here (Twilio status). */
  readonly reportDelivery = async (report: DeliveryStatusReport): Promise<void> => {
    const { store, metrics, logger } = this.options;
    const item = await store.outbox.updateStatusByProviderId(report.channel, report.providerMessageId, report.status, report.error);
    metrics.deliveryReports.inc({ channel: report.channel, status: report.status });
    if (report.status === 'failed') {
      logger.warn({ ...report, outboxId: item?.id, threadId: item?.threadId }, 'provider reports a reply was not delivered');
    }
  };

  get isRunning(): boolean {
    return this.running;
  }

  /** Messages waiting for their turn and replies not yet handed to their channel: what is still owed. */
  async backlog(): Promise<number> {
    return (await this.options.store.inbox.pendingCount()) + this.sender.depth;
  }

  /** Claims what earlier runs left unfinished, then accepts new messages. */
  async start(): Promise<void> {
    this.running = true;
    await this.sweep();
    this.accepting = true;
    const { leaseMs } = this.options;
    const every = (ms: number, task: () => Promise<void>, what: string) => {
      const timer = setInterval(() => {
        task().catch((error: unknown) => {
          // The database's faults are expected now and then, and said once by the probe: no stack trace for them.
          if (isStoreFault(error)) this.options.logger.warn({ err: describeFault(error) }, `${what} failed; trying again shortly`);
          else this.options.logger.error({ err: error }, `${what} failed`);
        });
      }, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(Math.max(250, Math.floor(leaseMs / 3)), () => this.options.store.renewLeases(this.lease), 'lease renewal');
    every(this.options.sweepIntervalMs ?? Math.max(250, Math.floor(leaseMs / 2)), () => this.sweep(), 'recovery sweep');
    every(this.options.storeProbeMs ?? 1000, () => this.watchStore(), 'database probe');
  }

  /** Whether the database takes writes now (one probe shared by callers within a quarter second). */
  storeHealth(): Promise<StoreHealth> {
    if (!this.health || Date.now() - this.health.at > HEALTH_CACHE_MS) this.health = { at: Date.now(), value: this.options.store.health() };
    return this.health.value;
  }

  /** Says loudly when the database stops taking writes (and again every minute while it stays so), and when it is back. */
  private async watchStore(): Promise<void> {
    const { logger, metrics } = this.options;
    const health = await this.storeHealth();
    metrics.storeWritable.set(health.writable ? 1 : 0);
    const now = Date.now();
    if (health.writable) {
      if (this.storeBroken) logger.info({ downMs: now - this.storeBroken.since }, 'the database takes writes again');
      this.storeBroken = undefined;
      return;
    }
    const problem = health.problem ?? 'the database cannot be written';
    const broken = this.storeBroken;
    if (broken && broken.problem === problem && now - broken.loggedAt < STILL_BROKEN_LOG_MS) return;
    logger.error({ problem, downMs: broken ? now - broken.since : 0 }, `DATABASE NOT WRITABLE: ${problem}`);
    this.storeBroken = { since: broken?.since ?? now, loggedAt: now, problem };
  }

  /** Resolves once every queued turn has run and every reply has been handed to its channel. */
  async idle(): Promise<void> {
    while (this.dispatcher.size > 0 || this.sender.depth > 0) {
      await this.dispatcher.idle();
      await this.sender.idle();
    }
  }

  /**
   * Graceful stop: refuse new messages, let running turns finish, stop sending. What is
   * left stays pending in the store and is picked up at the next start.
   */
  async stop(): Promise<void> {
    this.accepting = false;
    this.stopping = true;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    for (const retry of this.retries.values()) clearTimeout(retry.timer);
    this.retries.clear();
    await this.sweeping;
    await this.dispatcher.stop();
    await this.sender.stop();
    await this.options.store.releaseLeases(this.lease);
    this.running = false;
  }

  private sweep(): Promise<void> {
    this.sweeping ??= this.claimOrphans().finally(() => {
      this.sweeping = undefined;
    });
    return this.sweeping;
  }

  private async claimOrphans(): Promise<void> {
    const { store, logger } = this.options;
    const served = [...this.channels.keys()];
    const { isDead } = this;
    // Recount now and then: work claimed from a crashed process was never counted in here.
    this.options.metrics.queueDepth.set(await store.inbox.pendingCount());
    const threads = await store.threads.orphaned(served, 10_000, isDead);
    if (threads.length > 0) logger.info({ threads: threads.length }, 'resuming threads with messages left unanswered');
    for (const threadId of threads) this.dispatcher.wake(threadId);
    for (;;) {
      const replies = await store.outbox.claimExpired(served, this.lease, 500, isDead);
      if (replies.length === 0) break;
      logger.info({ count: replies.length }, 'resuming unsent replies');
      this.sender.enqueue(replies);
    }
  }

  /**
   * Works one thread while holding its lease: its pending messages one at a time, oldest
   * first, until none is left. Another process holding the lease works them instead. A fault
   * hands the thread back (see `handBack`): the message stays pending and is tried again later.
   */
  private async workThread(threadId: string): Promise<void> {
    const { store } = this.options;
    // Waiting out a backoff: its timer wakes the thread, not every new message or sweep.
    if (this.retries.get(threadId)?.timer) return;
    let item: InboxItem | undefined;
    try {
      await this.settleUnconfirmed(threadId);
      if (!(await timed('lease and dispatch', () => store.threads.acquire(threadId, this.lease, this.isDead)))) {
        this.retries.delete(threadId);
        return;
      }
      while (!this.stopping) {
        // A turn is CPU work on the event loop: let pending webhooks be accepted between turns.
        await new Promise((resolve) => setImmediate(resolve));
        item = await timed('lease and dispatch', () => store.inbox.nextPending(threadId));
        if (item) {
          await this.handle(item);
          this.retries.delete(threadId);
          item = undefined;
        }
        // Most threads have nothing more waiting: the release (which looks for a pending message itself) comes
        // straight after a turn, and only a thread it refuses to release is read again.
        if (await timed('lease and dispatch', () => store.threads.release(threadId, this.lease))) break;
      }
      this.retries.delete(threadId);
    } catch (error) {
      await this.handBack(threadId, item, error);
    }
  }

  /**
   * A turn met a fault: count it when it was the assistant's, give the lease up so any process
   * may take the thread, and wake the thread again after a backoff with jitter. The message stays
   * pending in the inbox, so nothing is lost and the thread keeps its order.
   */
  private async handBack(threadId: string, item: InboxItem | undefined, error: unknown): Promise<void> {
    const { store, logger, metrics } = this.options;
    const storeFault = isStoreFault(error);
    const retry = this.retries.get(threadId) ?? { attempt: 0 };
    retry.attempt++;
    const delay = backoffDelay(retry.attempt, this.options.retryBaseMs ?? 250, this.options.retryMaxMs ?? 10_000);
    const context = { threadId, messageId: item?.id, attempt: retry.attempt, retryInMs: Math.round(delay) };
    if (storeFault) logger.warn({ ...context, err: describeFault(error) }, 'the database failed during a turn; the message stays pending and is tried again');
    else logger.error({ ...context, err: error }, 'a turn failed; the message stays pending and is tried again');
    metrics.turnRetries.inc({ reason: storeFault ? 'store' : 'assistant' });
    // Only the assistant's own failures count towards the apology.
    if (item && !storeFault) await store.inbox.recordAttempt(item.seq, String(error)).catch(() => undefined);
    await store.threads.handBack(threadId, this.lease).catch(() => undefined);
    if (this.stopping) return;
    retry.timer = setTimeout(() => {
      retry.timer = undefined;
      this.dispatcher.wake(threadId);
    }, delay);
    this.retries.set(threadId, retry);
  }

  /**
   * A completion whose commit could not be confirmed either happened or did not: if its replies
   * are in the outbox, send them now (before the thread's next message); if not, the message is
   * still pending and runs again.
   */
  private async settleUnconfirmed(threadId: string): Promise<void> {
    const item = this.unconfirmed.get(threadId);
    if (!item) return;
    const replies: OutboxItem[] = [];
    for (let index = 0; ; index++) {
      const reply = await this.options.store.outbox.getById(`${item.id}.${index}`);
      if (!reply) break;
      if (reply.status === 'pending') replies.push(reply);
    }
    this.unconfirmed.delete(threadId);
    this.sender.enqueue(replies);
  }

  /** The assistant's answer to one message, or the handoff's in its place. */
  private async answer(item: InboxItem): Promise<{ replies: NewOutbound[]; meta: TurnMeta }> {
    const { hooks } = this;
    // Carrier keywords are answered before anything else and change nothing (see control.ts).
    const intercepted = await timed('handoff and control checks', async () => (await controlTurn(item, this.options.store)) ?? (await hooks.intercept?.(item)));
    if (intercepted) return intercepted;
    const turn = await timed('turn: customer, market, language', () => this.options.turns.run(item));
    const replies = (await timed('handoff and control checks', async () => hooks.onTurn?.(item, turn.result, turn.replies))) ?? turn.replies;
    return { replies, meta: turn.result.meta };
  }

  /**
   * Runs one message's turn and commits its replies. Throws (and the thread is handed back) when
   * the database fails, or when the assistant fails and has tries left; only the assistant's last
   * failure is answered with an apology.
   */
  private async handle(item: InboxItem): Promise<void> {
    const { store, logger, metrics } = this.options;
    const log = logger.child({ threadId: item.threadId, messageId: item.id, channel: item.message.channel });
    const started = performance.now();
    let outcome: { replies: NewOutbound[]; meta: TurnMeta };
    let failed = false;
    try {
      outcome = await this.answer(item);
    } catch (error) {
      if (isStoreFault(error) || item.attempts + 1 < (this.options.turnMaxAttempts ?? 3)) throw error;
      log.error({ err: error, attempts: item.attempts + 1 }, 'the assistant failed on every try; answering with an apology');
      const customer = await store.customers.get(item.customerId);
      outcome = { replies: failureReply(item.message, customer?.language ?? 'en'), meta: FAILED_META };
      failed = true;
    }
    this.unconfirmed.set(item.threadId, item);
    const queued = await timed('completion (replies to the outbox)', () => store.inbox.complete(item.seq, outcome.replies, this.lease));
    this.unconfirmed.delete(item.threadId);
    metrics.queueDepth.dec();
    if (!queued) {
      log.warn({}, 'turn finished after its thread lease was taken over; the other owner answers');
      return;
    }
    this.sender.enqueue(queued);
    const { meta } = outcome;
    if (failed) {
      metrics.turns.inc({ channel: item.message.channel, route: 'none', outcome: 'failed', decided_by: 'none' });
      return;
    }
    const seconds = (performance.now() - started) / 1000;
    metrics.turnSeconds.observe({ channel: item.message.channel, route: meta.route }, seconds);
    const decidedBy = typeof meta.decidedBy === 'string' ? meta.decidedBy : 'rule';
    metrics.turns.inc({ channel: item.message.channel, route: meta.route, outcome: meta.escalated ? 'escalated' : 'answered', decided_by: decidedBy });
    const language = queued[0]?.language;
    if (language) metrics.replyLanguages.inc({ channel: item.message.channel, language });
    if (meta.escalated) metrics.escalations.inc({ channel: item.message.channel, reason: meta.escalationReason ?? 'unspecified' });
    // Awaited, so one thread's turns reach listeners in order; a listener's failure never fails the committed turn.
    await timed('turn listeners (reports)', async () => {
      for (const listener of this.listeners) await listener(item, meta, queued).catch((error: unknown) => log.warn({ err: error }, 'a turn listener failed (reports may miss this turn)'));
    });
    log.info({ route: meta.route, intent: meta.intent, confidence: meta.confidence, escalated: meta.escalated, ms: seconds * 1000 }, 'turn');
  }

  /**
   * Sends messages that answer no inbox message (an agent's reply, a follow-up after a
   * handoff) through the outbox. Ids make it idempotent: the same id twice is sent once.
   */
  async deliver(threadId: string, replies: (NewOutbound & { id: string })[]): Promise<OutboxItem[]> {
    const queued = await this.options.store.outbox.enqueue(threadId, replies, this.lease);
    this.sender.enqueue(queued);
    return queued;
  }
}
