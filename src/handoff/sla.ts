import type { Logger } from '../gateway/channel.ts';
import { describeFault, isStoreFault } from '../store/faults.ts';
import { queueById } from './queues.ts';
import type { HandoffService } from './service.ts';
import { agentT } from './slack-ticket.ts';
import type { WebhookSender } from './webhooks.ts';

/**
 * The handoff's clocks, swept from the database rather than kept as in-memory timeouts, so a
 * restart loses none. Each step is a conditional update: with several replicas sweeping, one
 * of them wins each ticket and its notification goes out once.
 */
export class HandoffSweeper {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly service: HandoffService,
    private readonly webhooks: WebhookSender,
    private readonly options: { intervalMs: number; logger: Logger; isRunning: () => boolean },
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.sweep(), this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass (also what tests call to move time along). Overlapping calls share one pass. */
  sweep(): Promise<void> {
    this.running ??= this.pass()
      .catch((error: unknown) => {
        // The database's passing faults are retried by the next pass; only other errors are worth a stack trace.
        if (isStoreFault(error)) this.options.logger.warn({ err: describeFault(error) }, 'handoff sweep met a database fault; the next pass tries again');
        else this.options.logger.error({ err: error }, 'handoff sweep failed');
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async pass(): Promise<void> {
    if (!this.options.isRunning()) return;
    const { service } = this;
    const now = service.now();
    for (const ticket of await service.tickets.dueTimeouts(now, 100)) await service.abandon(ticket);
    for (const { ticket, kind } of await service.tickets.dueBreaches(now, 100)) {
      if (!(await service.tickets.markBreach(ticket.id, kind))) continue;
      const raised = (await service.tickets.get(ticket.id)) ?? ticket;
      const supervisors = queueById(service.deps.rules, raised.queue).supervisors.map((user) => `<@${user}>`).join(' ');
      await service.noteToAgents(raised, `${raised.id}:breach:${kind}`, String(agentT()(`agent.sla_breach_${kind}`, { supervisors, number: raised.number, priority: raised.priority })).trim());
      await service.changed(raised, 'breached', 'ticket.sla_breached', `:${kind}`);
      this.options.logger.warn({ ticketId: raised.id, queue: raised.queue, kind, priority: raised.priority }, 'handoff SLA breached');
    }
    // A resolve whose comeback could not be queued (a crash in between) is queued here.
    for (const ticket of await service.tickets.pendingResumes(100)) await service.queueComeback(ticket);
    await this.webhooks.flush();
  }
}
