import { createHash } from 'node:crypto';
import type { TurnResult } from '../gateway/assistant.ts';
import type { TurnHooks } from '../gateway/hooks.ts';
import type { CustomerStore, InboxItem, NewOutbound, OutboxItem, OutboxStore } from '../store/types.ts';
import type { ChannelId, DeliveryReceipt } from '../gateway/messages.ts';
import { translator } from '../i18n/index.ts';
import { routeTicket } from './queues.ts';
import { createInterceptor } from './relay.ts';
import type { HandoffService } from './service.ts';
import { agentT } from './slack-ticket.ts';
import type { Ticket } from './types.ts';

/** The same escalating message always names the same ticket, so a replayed turn opens nothing new. */
export const ticketIdFor = (messageId: string) => `tk_${createHash('sha256').update(messageId).digest('hex').slice(0, 20)}`;

/**
 * The handoff's turn hooks: `intercept` takes messages away from the assistant while a
 * person has the thread; `onTurn` opens the ticket of an escalating turn (and tells the
 * customer their place in line) and stores a satisfaction rating; `afterSend` learns
 * where the ticket was posted in Slack.
 */
export function createHandoffHooks(
  service: HandoffService,
  deps: { customers: CustomerStore; outbox: Pick<OutboxStore, 'getById'>; canPush(channel: ChannelId): boolean },
): TurnHooks {
  const { customers } = deps;
  const { tickets, rules } = { tickets: service.tickets, rules: service.deps.rules };

  async function openTicket(item: InboxItem, result: TurnResult, replies: NewOutbound[]): Promise<NewOutbound[]> {
    const status = await service.deps.assistant.status(item.threadId);
    const escalation = status.ticket;
    const customer = await customers.get(item.customerId);
    const { message } = item;
    const tier = rules.tiers[item.customerId] ?? rules.tiers[message.senderAddress] ?? customer?.role ?? 'customer';
    const market = escalation?.market ?? customer?.market ?? 'US';
    // The name in the verified customer's record (the assistant's lookup), else what the channel calls them (a profile name).
    const displayName = result.customerName ?? customer?.displayName ?? message.displayName;
    const language = result.language;
    const reason = result.meta.escalationReason ?? escalation?.reason ?? 'unspecified';
    const { queue, priority } = routeTicket(rules, { department: result.meta.route, language, market, tier, reason });
    const now = service.now();
    const { ticket } = await tickets.open({
      id: ticketIdFor(item.id),
      sourceMessageId: item.id,
      threadId: item.threadId,
      customerId: item.customerId,
      contact: {
        channel: message.channel,
        senderAddress: message.senderAddress,
        ...(message.replyAddress ? { replyAddress: message.replyAddress } : {}),
        ...(message.conversationKey ? { conversationKey: message.conversationKey } : {}),
        ...(message.tenantId ? { tenantId: message.tenantId } : {}),
        ...(message.role ? { role: message.role } : {}),
        ...(displayName ? { displayName } : {}),
      },
      language,
      market,
      tier,
      department: result.meta.route,
      queue: queue.id,
      reason,
      summary: escalation?.summary ?? '',
      transcript: escalation?.recent ?? [{ role: 'user', text: message.text }],
      priority,
      createdAt: now,
      ...service.dues(queue, now),
    });
    // Every effect below is idempotent, so a replayed turn repeats them harmlessly.
    await service.postToSlack(ticket, 'opened');
    await service.addEvent(ticket, { id: `${ticket.id}:opened`, kind: 'system', text: `opened in ${queue.name}: ${reason}`, createdAt: ticket.createdAt });
    await service.changed(ticket, 'created', 'ticket.created');
    const { position, minutes } = await service.estimate(ticket);
    const eta = String(translator(ticket.language, 'handoff')('customer.queued', { position, count: minutes }));
    return replies.map((reply, index) =>
      index === 0 ? { ...reply, text: `${reply.text}\n\n${eta}`, meta: { ...reply.meta, handoff: { ticketId: ticket.id, queue: queue.id, position, minutes } } } : reply,
    );
  }

  /**
   * The person's channel cannot carry anything after this reply, so nobody could answer them:
   * no ticket; the assistant takes the conversation straight back and says where to ask instead.
   */
  async function refuseHandoff(item: InboxItem, result: TurnResult, replies: NewOutbound[]): Promise<NewOutbound[]> {
    const { assistant } = service.deps;
    // A replayed turn finds the thread already taken back: the same words, without resuming twice.
    const resumed = (await assistant.status(item.threadId)).paused ? await assistant.resume(item.threadId, { resolved: false, unreachable: true }) : undefined;
    const text = resumed?.replies.map((draft) => draft.text.trim()).filter(Boolean).join('\n\n') || String(translator(result.language, 'handoff')('resume.unreachable'));
    service.deps.logger.info({ threadId: item.threadId, channel: item.message.channel }, 'handoff refused: the channel cannot receive later messages');
    return replies.map((reply, index) => {
      if (index > 0) return reply;
      const { choices: _dropped, ...rest } = reply;
      return { ...rest, text, meta: { ...reply.meta, escalated: false, handoffRefused: true } };
    });
  }

  /** A rating counts only when the person was asked: the comeback that asked reached their channel. */
  async function wasAskedToRate(ticketResumedBy: string | undefined): Promise<boolean> {
    if (!ticketResumedBy) return false;
    const question = await deps.outbox.getById(`${ticketResumedBy}.0`);
    return question?.meta?.askedRating === true && (question.status === 'sent' || question.status === 'delivered');
  }

  async function storeRating(item: InboxItem, rating: number): Promise<void> {
    const ticket = await tickets.latestForThread(item.threadId);
    if (!ticket || ticket.status !== 'resolved') return;
    if (!(await wasAskedToRate(ticket.resumedBy))) {
      service.deps.logger.info({ ticketId: ticket.id, threadId: item.threadId }, 'rating not stored: the rating question never reached the customer');
      return;
    }
    await tickets.setRating(ticket.id, rating);
    const rated: Ticket = { ...ticket, rating };
    await service.noteToAgents(rated, `${ticket.id}:rated:${item.id}`, String(agentT()('agent.rated', { rating })));
    await service.changed(rated, 'rated', 'ticket.rated', `:${item.id}`);
  }

  return {
    intercept: createInterceptor(service),

    async onTurn(item, result, replies) {
      if (typeof result.meta.rating === 'number') await storeRating(item, result.meta.rating);
      if (!result.meta.escalated) return undefined;
      if (!deps.canPush(item.message.channel)) return refuseHandoff(item, result, replies);
      return openTicket(item, result, replies);
    },

    async afterSend(item: OutboxItem, receipt: DeliveryReceipt) {
      const handoff = item.meta?.handoff as { ticketId?: string; kind?: string } | undefined;
      if (item.channel !== 'slack' || handoff?.kind !== 'post' || !handoff.ticketId || !receipt.providerMessageId) return;
      // The Slack adapter reports `channel:ts`; the thread under the post is where agents answer.
      const split = receipt.providerMessageId.lastIndexOf(':');
      const channel = split > 0 ? receipt.providerMessageId.slice(0, split) : item.recipientAddress;
      const ts = receipt.providerMessageId.slice(split + 1);
      await tickets.setSlackPost(handoff.ticketId, channel, ts);
      const ticket = await tickets.get(handoff.ticketId);
      if (ticket) service.changes.emit('change', { ticketId: ticket.id, type: 'message' });
    },
  };
}
