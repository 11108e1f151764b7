import { hostname } from 'node:os';
import type { Accept, ChannelAdapter, DeliveryStatusReport, Logger } from './channel.ts';
import type { ChannelId, InboundMessage } from './messages.ts';
import type { InboxItem, Lease, NewOutbound, OutboxItem, Store } from '../store/types.ts';
import type { TurnMeta } from './assistant.ts';
import type { TurnHooks } from './hooks.ts';
import type { Metrics } from '../server/metrics.ts';
import { CoalescingRunner } from './coalescing-runner.ts';
import { controlTurn } from './control.ts';
import { OutboxSender } from './outbox-sender.ts';
import { failureReply } from './turn.ts';
import type { TurnRunner } from './turn-runner.ts';
import { resolveIdentity } from '../identity/resolve.ts';
import { UnavailableError } from '../errors.ts';

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
}

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

  constructor(private readonly options: GatewayOptions) {
    this.lease = { owner: ownerId(), ttlMs: options.leaseMs };
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
  }

  /** Installs the pipeline's extension points (human handoff). Call before `start()`. */
  use(hooks: TurnHooks): void {
    this.hooks = hooks;
  }

  /** Persists a verified message and queues its turn. Channels call this from their webhooks. */
  readonly accept: Accept = async (message: InboundMessage) => {
    if (!this.accepting) throw new UnavailableError('The gateway is not accepting messages right now (starting or shutting down); retry shortly.');
    const { store, metrics } = this.options;
    const identity = resolveIdentity(message, { mergePhoneChannels: this.options.mergePhoneChannels });
    const { item, duplicate } = await store.inbox.insert(message, identity);
    if (duplicate) {
      metrics.duplicates.inc({ channel: message.channel });
      return { id: item.id, duplicate: true };
    }
    metrics.accepted.inc({ channel: message.channel });
    metrics.queueDepth.inc();
    this.dispatcher.wake(item.threadId);
    return { id: item.id, duplicate: false };
  };

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
        task().catch((error: unknown) => this.options.logger.error({ err: error }, `${what} failed`));
      }, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(Math.max(250, Math.floor(leaseMs / 3)), () => this.options.store.renewLeases(this.lease), 'lease renewal');
    every(this.options.sweepIntervalMs ?? Math.max(250, Math.floor(leaseMs / 2)), () => this.sweep(), 'recovery sweep');
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
    const isDead = store.kind === 'sqlite' ? ownerIsDeadHere : undefined;
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
   * first, until none is left. Another process holding the lease works them instead.
   */
  private async workThread(threadId: string): Promise<void> {
    const { store, logger } = this.options;
    const isDead = store.kind === 'sqlite' ? ownerIsDeadHere : undefined;
    if (!(await store.threads.acquire(threadId, this.lease, isDead))) return;
    while (!this.stopping) {
      // A turn is CPU work on the event loop: let pending webhooks be accepted between turns.
      await new Promise((resolve) => setImmediate(resolve));
      const item = await store.inbox.nextPending(threadId);
      if (!item) {
        if (await store.threads.release(threadId, this.lease)) return;
        continue;
      }
      try {
        await this.handle(item);
      } catch (error) {
        // The store failed (the turn itself never throws): keep the message and try again shortly.
        logger.error({ err: error, threadId, messageId: item.id }, 'could not complete a turn; retrying');
        await store.inbox.recordAttempt(item.seq, String(error)).catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  private async handle(item: InboxItem): Promise<void> {
    const { store, turns, logger, metrics } = this.options;
    const { hooks } = this;
    const log = logger.child({ threadId: item.threadId, messageId: item.id, channel: item.message.channel });
    const started = performance.now();
    metrics.queueDepth.dec();
    let outcome: { replies: NewOutbound[]; meta: TurnMeta };
    try {
      // Carrier keywords are answered before anything else and change nothing (see control.ts).
      const intercepted = (await controlTurn(item, store)) ?? (await hooks.intercept?.(item));
      if (intercepted) {
        outcome = intercepted;
      } else {
        const turn = await turns.run(item);
        const replies = (await hooks.onTurn?.(item, turn.result, turn.replies)) ?? turn.replies;
        outcome = { replies, meta: turn.result.meta };
      }
    } catch (error) {
      log.error({ err: error }, 'turn failed; answering with an apology');
      const customer = await store.customers.get(item.customerId);
      this.sender.enqueue((await store.inbox.complete(item.seq, failureReply(item.message, customer?.language ?? 'en'), this.lease)) ?? []);
      metrics.turns.inc({ channel: item.message.channel, route: 'none', outcome: 'failed', decided_by: 'none' });
      return;
    }
    const { meta } = outcome;
    const queued = await store.inbox.complete(item.seq, outcome.replies, this.lease);
    if (!queued) {
      log.warn({}, 'turn finished after its thread lease was taken over; the other owner answers');
      return;
    }
    this.sender.enqueue(queued);
    const seconds = (performance.now() - started) / 1000;
    metrics.turnSeconds.observe({ channel: item.message.channel, route: meta.route }, seconds);
    const decidedBy = typeof meta.decidedBy === 'string' ? meta.decidedBy : 'rule';
    metrics.turns.inc({ channel: item.message.channel, route: meta.route, outcome: meta.escalated ? 'escalated' : 'answered', decided_by: decidedBy });
    const language = queued[0]?.language;
    if (language) metrics.replyLanguages.inc({ channel: item.message.channel, language });
    if (meta.escalated) metrics.escalations.inc({ channel: item.message.channel, reason: meta.escalationReason ?? 'unspecified' });
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
