import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../gateway/channel.ts';
import type { InboundMessage } from '../gateway/messages.ts';
import type { NewOutbound } from '../store/types.ts';
import { translator } from '../i18n/index.ts';
import type { HandoffConfig } from './config.ts';
import { queueById, visibleQueues, type QueueRules } from './queues.ts';
import { AGENT_LANGUAGE, agentT, ticketPost } from './slack-ticket.ts';
import type { AgentIdentity, ClaimOutcome, HandoffAssistant, Ticket, TicketEvent, TicketStore } from './types.ts';
import { priorityLabel } from './priority.ts';

/** What the handoff needs from the gateway: idempotent sends and accepting a message into a thread. */
export interface HandoffGateway {
  deliver(threadId: string, replies: (NewOutbound & { id: string })[]): Promise<unknown>;
  accept(message: InboundMessage): Promise<unknown>;
}

export interface HandoffServiceDeps {
  tickets: TicketStore;
  rules: QueueRules;
  config: HandoffConfig;
  gateway: HandoffGateway;
  assistant: HandoffAssistant;
  logger: Logger;
  now?: () => Date;
}

/** A change the console shows live. */
export interface TicketChange {
  ticketId: string;
  type: 'created' | 'assigned' | 'message' | 'transferred' | 'resolved' | 'abandoned' | 'breached' | 'rated';
}

/** What an agent's action came to: done (with the ticket), or why not. */
export type TicketOutcome<Done extends string> =
  | { kind: Done; ticket: Ticket }
  | { kind: 'not_yours' | 'closed' | 'forbidden'; ticket: Ticket }
  | { kind: 'missing'; ticket?: undefined };

/** Outbox thread key for messages to agents (Slack), so a slow Slack never holds up the customer's replies. */
export const agentThread = (ticketId: string) => `handoff:${ticketId}`;

/**
 * The handoff's actions, whoever triggers them (Slack buttons, the console, the REST API,
 * the SLA sweep). Every effect is idempotent: sends carry ids derived from the ticket and
 * the action, state changes are conditional updates.
 */
export class HandoffService {
  readonly changes = new EventEmitter();
  readonly now: () => Date;

  constructor(readonly deps: HandoffServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.changes.setMaxListeners(0);
  }

  get tickets(): TicketStore {
    return this.deps.tickets;
  }

  /** Tells the console and queues the outbound webhook for this change. */
  async changed(ticket: Ticket, type: TicketChange['type'], webhookEvent?: string, eventKey = ''): Promise<void> {
    this.changes.emit('change', { ticketId: ticket.id, type } satisfies TicketChange);
    if (webhookEvent && this.deps.config.HANDOFF_WEBHOOK_URL) {
      const payload = JSON.stringify({ event: webhookEvent, occurredAt: this.now().toISOString(), ticket: webhookTicket(ticket, this.deps.config.HANDOFF_WEBHOOK_CONTACT === true) });
      await this.deps.tickets.queueWebhook(`${ticket.id}:${webhookEvent}${eventKey}`, webhookEvent, payload, this.now());
    }
  }

  /** The queues this agent may see (and so act in, and transfer into). */
  queuesOf(agent: AgentIdentity): string[] {
    return agent.queues ?? visibleQueues(this.deps.rules, agent.id);
  }

  /** May this agent act on this ticket? Restricted queues only for their listed agents. */
  allowed(agent: AgentIdentity, ticket: Ticket): boolean {
    return this.queuesOf(agent).includes(ticket.queue);
  }

  /** A supervisor: `CONSOLE_TOKEN`, or a Slack user the ticket's queue lists under `supervisors`. */
  supervises(agent: AgentIdentity, ticket: Ticket): boolean {
    return agent.supervisor === true || queueById(this.deps.rules, ticket.queue).supervisors.includes(agent.id);
  }

  /** Replying to, resolving or transferring a taken ticket: its assignee or a supervisor only. */
  mayWork(agent: AgentIdentity, ticket: Ticket): boolean {
    return ticket.assignee === agent.id || this.supervises(agent, ticket);
  }

  /** A message to the ticket's Slack thread (no-op when the ticket was never posted to Slack). */
  async noteToAgents(ticket: Ticket, id: string, text: string): Promise<void> {
    const channel = this.slackChannelOf(ticket);
    if (!channel) return;
    const replyAddress = ticket.slack ? `${ticket.slack.channel}|${ticket.slack.ts}` : `${channel}|`;
    await this.deps.gateway.deliver(agentThread(ticket.id), [
      { id, channel: 'slack', recipientAddress: ticket.slack?.channel ?? channel, replyAddress, text, language: AGENT_LANGUAGE, meta: { handoff: { ticketId: ticket.id, kind: 'note' } } },
    ]);
  }

  slackChannelOf(ticket: Ticket): string | undefined {
    return queueById(this.deps.rules, ticket.queue).slackChannel ?? this.deps.config.HANDOFF_SLACK_CHANNEL;
  }

  /** Posts the ticket to its queue's Slack channel; `afterSend` learns the post's ts. */
  async postToSlack(ticket: Ticket, key: string): Promise<void> {
    const channel = this.slackChannelOf(ticket);
    if (!channel) return;
    const { text, choices } = ticketPost(ticket, this.deps.rules);
    await this.deps.gateway.deliver(agentThread(ticket.id), [
      { id: `${ticket.id}:post:${key}`, channel: 'slack', recipientAddress: channel, replyAddress: `${channel}|`, text, choices, language: AGENT_LANGUAGE, meta: { handoff: { ticketId: ticket.id, kind: 'post' } } },
    ]);
  }

  /** Sends a person's words to the customer on the customer's own channel, in order, once per id. */
  async sendToCustomer(ticket: Ticket, id: string, text: string, meta: Record<string, unknown> = {}): Promise<void> {
    const { contact } = ticket;
    await this.deps.gateway.deliver(ticket.threadId, [
      {
        id,
        channel: contact.channel,
        recipientAddress: contact.senderAddress,
        ...(contact.replyAddress ? { replyAddress: contact.replyAddress } : {}),
        text,
        language: ticket.language,
        meta: { handoff: { ticketId: ticket.id, kind: 'agent_reply', ...meta } },
      },
    ]);
  }

  async addEvent(ticket: Ticket, event: Omit<TicketEvent, 'ticketId' | 'createdAt'> & { createdAt?: Date }): Promise<void> {
    if (await this.deps.tickets.addEvent({ ...event, ticketId: ticket.id, createdAt: event.createdAt ?? this.now() })) await this.changed(ticket, 'message');
  }

  /** Claims a waiting ticket for one agent; the customer hears a person joined. */
  async claim(ticketId: string, agent: AgentIdentity, via: 'slack' | 'console'): Promise<ClaimOutcome | { kind: 'forbidden' }> {
    const current = await this.deps.tickets.get(ticketId);
    if (current && !this.allowed(agent, current)) return { kind: 'forbidden' };
    const outcome = await this.deps.tickets.claim(ticketId, agent.id, this.now());
    if (outcome.kind !== 'claimed') return outcome;
    const { ticket } = outcome;
    const key = String(ticket.assignedAt?.getTime() ?? 0);
    const name = agent.name ?? agent.id;
    await this.sendToCustomer(ticket, `${ticket.id}:joined:${key}`, String(translator(ticket.language, 'handoff')('customer.agent_joined', { agent: name })), { kind: 'joined' });
    const note = via === 'slack' ? agentT()('agent.claimed', { agent: agent.id }) : agentT()('agent.claimed_console', { agent: name });
    await this.noteToAgents(ticket, `${ticket.id}:claimed:${key}`, String(note));
    await this.addEvent(ticket, { id: `${ticket.id}:claimed:${key}`, kind: 'system', author: agent.id, text: `claimed by ${name}` });
    await this.changed(ticket, 'assigned', 'ticket.assigned', `:${key}`);
    return outcome;
  }

  /**
   * An agent's reply. A waiting ticket is claimed by the first agent who answers; a ticket
   * with someone else is refused, unless a supervisor answers. `id` makes a retried request send once.
   */
  async reply(ticketId: string, agent: AgentIdentity, text: string, id: string, via: 'slack' | 'console'): Promise<TicketOutcome<'sent'>> {
    let ticket = await this.deps.tickets.get(ticketId);
    if (!ticket) return { kind: 'missing' };
    if (!this.allowed(agent, ticket)) return { kind: 'forbidden', ticket };
    if (ticket.status === 'waiting') {
      const claimed = await this.claim(ticketId, agent, via);
      if ('ticket' in claimed) ticket = claimed.ticket;
    }
    if (ticket.status === 'resolved' || ticket.status === 'abandoned') return { kind: 'closed', ticket };
    if (!this.mayWork(agent, ticket)) return { kind: 'not_yours', ticket };
    await this.sendToCustomer(ticket, `relay:${id}`, text, { agent: agent.id });
    await this.deps.tickets.recordFirstResponse(ticket.id, this.now());
    await this.addEvent(ticket, { id: `relay:${id}`, kind: 'agent', author: agent.name ?? agent.id, text });
    if (via === 'console') await this.noteToAgents(ticket, `${ticket.id}:mirror:${id}`, String(agentT()('agent.console_reply', { agent: agent.name ?? agent.id, text })));
    return { kind: 'sent', ticket };
  }

  /**
   * Moves an open ticket to another queue, waiting again; posted anew in that queue's channel.
   * Only into a queue the agent may see, and a taken ticket only by its assignee or a supervisor.
   */
  async transfer(ticketId: string, queueId: string, agent: AgentIdentity): Promise<TicketOutcome<'transferred'> | { kind: 'queue_not_visible'; ticket: Ticket }> {
    const current = await this.deps.tickets.get(ticketId);
    if (!current) return { kind: 'missing' };
    if (!this.allowed(agent, current)) return { kind: 'forbidden', ticket: current };
    if (!this.queuesOf(agent).includes(queueId)) return { kind: 'queue_not_visible', ticket: current };
    if (current.status === 'assigned' && !this.mayWork(agent, current)) return { kind: 'not_yours', ticket: current };
    const queue = queueById(this.deps.rules, queueId);
    const ticket = await this.deps.tickets.transfer(ticketId, queue.id, this.dues(queue, this.now()));
    if (!ticket) return { kind: 'closed', ticket: current };
    const key = `${queue.id}:${this.now().getTime()}`;
    await this.noteToAgents(current, `${ticket.id}:transferred:${key}`, String(agentT()('agent.transferred', { queue: queue.name, agent: agent.name ?? agent.id })));
    if (this.slackChannelOf(ticket) !== this.slackChannelOf(current) || !current.slack) await this.postToSlack(ticket, key);
    await this.addEvent(ticket, { id: `${ticket.id}:transferred:${key}`, kind: 'system', author: agent.id, text: `transferred to ${queue.name}` });
    await this.changed(ticket, 'transferred');
    return { kind: 'transferred', ticket };
  }

  /** Closes the ticket and hands the conversation back to the assistant (durably: see `queueComeback`). */
  async resolve(ticketId: string, agent: AgentIdentity, note: string | undefined, resolved = true): Promise<TicketOutcome<'resolved'>> {
    const current = await this.deps.tickets.get(ticketId);
    if (!current) return { kind: 'missing' };
    if (!this.allowed(agent, current)) return { kind: 'forbidden', ticket: current };
    if (current.status === 'resolved' || current.status === 'abandoned') return { kind: 'closed', ticket: current };
    // A waiting ticket has nobody yet: an agent claims it first, so the customer is told who has it.
    if (!this.mayWork(agent, current)) return { kind: 'not_yours', ticket: current };
    const ticket = await this.deps.tickets.close(ticketId, 'resolved', { resolved, ...(note ? { note } : {}), by: agent.id }, this.now());
    if (!ticket) return { kind: 'closed', ticket: current };
    await this.noteToAgents(ticket, `${ticket.id}:resolved`, String(agentT()('agent.resolved', { agent: agent.name ?? agent.id })));
    await this.addEvent(ticket, { id: `${ticket.id}:resolved`, kind: 'system', author: agent.id, text: `resolved by ${agent.name ?? agent.id}${note ? `: ${note}` : ''}` });
    await this.changed(ticket, 'resolved', 'ticket.resolved');
    await this.queueComeback(ticket);
    return { kind: 'resolved', ticket };
  }

  /** Nobody took the ticket in time: close it and let the assistant offer a follow-up. */
  async abandon(ticket: Ticket): Promise<Ticket | undefined> {
    const closed = await this.deps.tickets.close(ticket.id, 'abandoned', { resolved: false }, this.now());
    if (!closed) return undefined;
    await this.noteToAgents(closed, `${closed.id}:timed_out`, String(agentT()('agent.timed_out')));
    await this.addEvent(closed, { id: `${closed.id}:timed_out`, kind: 'system', text: 'no agent in time; follow-up offered' });
    await this.changed(closed, 'abandoned', 'ticket.abandoned');
    await this.queueComeback(closed);
    return closed;
  }

  /**
   * Puts the assistant's comeback in the customer's thread as an inbox message of its own, so it
   * runs under the thread's lease, after what the customer already sent, once, and survives a restart.
   */
  async queueComeback(ticket: Ticket): Promise<void> {
    const { contact } = ticket;
    await this.deps.gateway.accept({
      channel: contact.channel,
      providerMessageId: `handoff-comeback:${ticket.id}`,
      senderAddress: contact.senderAddress,
      ...(contact.replyAddress ? { replyAddress: contact.replyAddress } : {}),
      ...(contact.conversationKey ? { conversationKey: contact.conversationKey } : {}),
      ...(contact.role ? { role: contact.role } : {}),
      ...(contact.tenantId ? { tenantId: contact.tenantId } : {}),
      text: '',
      action: `handoff:comeback:${ticket.id}`,
      receivedAt: this.now(),
    });
    await this.deps.tickets.markResumeQueued(ticket.id);
  }

  dues(queue: { firstResponseMinutes: number; resolutionMinutes: number }, from: Date) {
    const at = from.getTime();
    return {
      firstResponseDue: new Date(at + queue.firstResponseMinutes * 60_000),
      resolutionDue: new Date(at + queue.resolutionMinutes * 60_000),
      assignTimeoutAt: new Date(at + this.deps.config.HANDOFF_ASSIGN_TIMEOUT_MS),
    };
  }

  /** Place in the queue and a rough wait: recent mean time to claim (or the queue's default) × place. */
  async estimate(ticket: Ticket): Promise<{ position: number; minutes: number }> {
    const position = await this.deps.tickets.position(ticket);
    const recent = await this.deps.tickets.recentWaitMs(ticket.queue, 20);
    const perTicket = recent ?? queueById(this.deps.rules, ticket.queue).expectedWaitMinutes * 60_000;
    return { position, minutes: Math.max(1, Math.round((perTicket * position) / 60_000)) };
  }

  newId(): string {
    return randomUUID();
  }
}

/**
 * A ticket as an outbound webhook carries it: the customer's contact (number, address, name)
 * only when the receiver is configured to get it (`HANDOFF_WEBHOOK_CONTACT=true`); otherwise the channel alone.
 */
export function webhookTicket(ticket: Ticket, withContact: boolean): Record<string, unknown> {
  const shown = publicTicket(ticket);
  return withContact ? shown : { ...shown, contact: { channel: ticket.contact.channel } };
}

/** A ticket as webhooks and the API show it (dates as ISO strings). */
export function publicTicket(ticket: Ticket): Record<string, unknown> {
  return { ...(JSON.parse(JSON.stringify(ticket)) as Record<string, unknown>), priorityLabel: priorityLabel(ticket.priority) };
}
