import type { Logger } from '../gateway/channel.ts';
import { isStoreFault } from '../store/faults.ts';
import { planComeback, planTicket, planTurn, rollupDelta } from './definitions.ts';
import type { ReportStore } from './store.ts';
import type { ConversationFact, ReportRules, TicketFacts, TurnEvent } from './types.ts';

/** The Prometheus side of reports (src/server/metrics.ts): counted when a fact changes, in the process that changed it. */
export interface ReportMetricsSink {
  conversation(channel: string, outcome: ConversationFact['outcome'], reason: string): void;
  unautomated(channel: string, why: 'escalated' | 'came_back', reason: string): void;
  rating(rating: number): void;
  firstResponse(seconds: number): void;
}

/** Tries of a write that lost a race with another writer of the same conversation (a turn and a ticket change). */
const RACE_TRIES = 8;

/**
 * Keeps the conversation facts and their rollups up to date as turns complete and tickets
 * change. Every change is a read, a pure decision (definitions.ts) and one atomic write that only
 * lands on the version read, so a replayed turn or two writers at once never count twice.
 */
export class ReportRecorder {
  constructor(
    readonly store: ReportStore,
    readonly rules: ReportRules,
    private readonly options: { logger?: Logger; metrics?: ReportMetricsSink } = {},
  ) {}

  /**
   * Counts one completed turn. `loadTicket` reads the thread's ticket afresh on every try, so a
   * ticket change racing this turn is never overwritten with an older state.
   */
  async recordTurn(turn: TurnEvent, loadTicket?: () => Promise<TicketFacts | undefined>): Promise<void> {
    await this.retrying(async () => {
      const ticket = loadTicket ? await loadTicket() : turn.ticket;
      const event: TurnEvent = { ...turn, ...(ticket ? { ticket } : {}) };
      const latest = await this.store.latestForThread(event.threadId);
      const plan = planTurn(latest, event, this.rules);
      if (!plan) return true;
      const writes: { before?: ConversationFact; after: ConversationFact }[] = [{ ...(plan.before ? { before: plan.before } : {}), after: plan.after }];
      let reopened: ConversationFact | undefined;
      if (plan.intentSettled && plan.after.prevId) {
        const previous = await this.store.get(plan.after.prevId);
        reopened = planComeback(previous, plan.after);
        if (previous && reopened) writes.push({ before: previous, after: reopened });
      }
      const deltas = writes.flatMap((write) => rollupDelta(write.before, write.after));
      if (!(await this.store.commit(writes, deltas))) return false;
      this.count(plan.before, plan.after);
      if (reopened) this.options.metrics?.unautomated(reopened.channel, 'came_back', '');
      return true;
    });
  }

  /**
   * Copies a ticket's state (queue, first response, resolution, rating, breach) into its
   * conversation. `load` reads the ticket afresh on every try (see `recordTurn`).
   */
  async recordTicket(ticketId: string, load: () => Promise<TicketFacts | undefined>): Promise<void> {
    await this.retrying(async () => {
      const fact = await this.store.byTicket(ticketId);
      // No conversation yet: the escalating turn has not committed; it brings the ticket along when it does.
      if (!fact) return true;
      const ticket = await load();
      if (!ticket) return true;
      const after = planTicket(fact, ticket);
      if (!after) return true;
      if (!(await this.store.commit([{ before: fact, after }], rollupDelta(fact, after)))) return false;
      this.count(fact, after);
      return true;
    });
  }

  private count(before: ConversationFact | undefined, after: ConversationFact): void {
    const { metrics } = this.options;
    if (!metrics || after.source !== 'live') return;
    if (!before) metrics.conversation(after.channel, after.outcome, after.reason);
    else if (before.outcome === 'automated' && after.outcome === 'escalated') metrics.unautomated(after.channel, 'escalated', after.reason);
    if (after.ticket?.rating !== undefined && before?.ticket?.rating === undefined) metrics.rating(after.ticket.rating);
    if (after.ticket?.firstResponseAt !== undefined && before?.ticket?.firstResponseAt === undefined) {
      metrics.firstResponse((after.ticket.firstResponseAt - after.ticket.createdAt) / 1000);
    }
  }

  /** Runs a read-decide-write until it lands; a lost race or a transient database fault reads again. */
  private async retrying(attempt: () => Promise<boolean>): Promise<void> {
    for (let tries = 1; ; tries++) {
      try {
        if (await attempt()) return;
      } catch (error) {
        if (!isStoreFault(error) || tries >= RACE_TRIES) throw error;
      }
      if (tries >= RACE_TRIES) throw new Error('a conversation kept changing under the report writer; giving up on this change');
      await new Promise((resolve) => setTimeout(resolve, 5 * tries));
    }
  }
}
