import type { TurnMeta } from '../gateway/assistant.ts';
import type { InterceptedTurn } from '../gateway/hooks.ts';
import type { InboxItem, NewOutbound } from '../store/types.ts';
import { translator } from '../i18n/index.ts';
import type { HandoffService } from './service.ts';
import { agentLabel, agentT, inert, parseAction } from './slack-ticket.ts';
import type { AgentIdentity, CustomerContact, Ticket } from './types.ts';

const handoffMeta = (ticket: Ticket | undefined, intent: string, extra: Record<string, unknown> = {}): TurnMeta => ({
  route: ticket?.department ?? 'general',
  intent,
  confidence: 1,
  escalated: false,
  tools: [],
  ...(ticket ? { handoff: { ticketId: ticket.id, status: ticket.status } } : {}),
  ...extra,
});

/** Where the customer is reached now: their latest message decides (they may switch from SMS to WhatsApp). */
function contactOf(item: InboxItem): CustomerContact {
  const { message } = item;
  return {
    channel: message.channel,
    senderAddress: message.senderAddress,
    ...(message.replyAddress ? { replyAddress: message.replyAddress } : {}),
    ...(message.conversationKey ? { conversationKey: message.conversationKey } : {}),
    ...(message.tenantId ? { tenantId: message.tenantId } : {}),
    ...(message.role ? { role: message.role } : {}),
    ...(message.displayName ? { displayName: message.displayName } : {}),
  };
}

/** A reply in the Slack thread the message came from (a button click or a thread message). */
function answerInSlack(item: InboxItem, text: string): NewOutbound[] {
  const { message } = item;
  return [{ channel: 'slack', recipientAddress: message.senderAddress, replyAddress: message.replyAddress, text, language: 'en' }];
}

/**
 * Decides, before the assistant, whether a message belongs to a person's conversation:
 * an agent's button or thread reply, a customer writing while a ticket is open, or the
 * assistant's comeback after a ticket closed. `undefined`: the assistant answers.
 */
export function createInterceptor(service: HandoffService) {
  const { tickets } = service;

  const slackAgent = (item: InboxItem): AgentIdentity => ({
    id: item.message.senderAddress,
    ...(item.message.displayName ? { name: item.message.displayName } : {}),
  });

  async function onAction(item: InboxItem): Promise<InterceptedTurn | undefined> {
    const action = parseAction(item.message.action);
    if (!action) return undefined;
    const ticket = await tickets.get(action.ticketId);
    if (action.action === 'comeback') {
      // Only the gateway's own comeback message for this very thread counts (web ids are the client's).
      if (!ticket || ticket.threadId !== item.threadId || ticket.status === 'waiting' || ticket.status === 'assigned') return { replies: [], meta: handoffMeta(ticket, 'handoff_ignored') };
      return comeback(item, ticket);
    }
    if (item.message.channel !== 'slack') return undefined;
    const t = agentT();
    if (!ticket) return { replies: answerInSlack(item, String(t('agent.closed'))), meta: handoffMeta(undefined, 'handoff_action') };
    const agent = slackAgent(item);
    let text: string | undefined;
    if (action.action === 'claim') {
      const outcome = await service.claim(ticket.id, agent, 'slack');
      // A claim's own note goes through the service; only refusals are answered here.
      if (outcome.kind === 'forbidden') text = String(t('agent.not_allowed'));
      else if (outcome.kind === 'taken') text = String(t('agent.taken', { agent: agentLabel(outcome.ticket.assignee) }));
      else if (outcome.kind === 'closed' || outcome.kind === 'missing') text = String(t('agent.closed'));
    } else if (action.action === 'resolve' || (action.action === 'transfer' && action.queue)) {
      const outcome = action.action === 'resolve' ? await service.resolve(ticket.id, agent, undefined) : await service.transfer(ticket.id, action.queue!, agent);
      const refusals: Record<string, string> = {
        not_yours: String(t('agent.not_assignee')),
        forbidden: String(t('agent.not_allowed')),
        queue_not_visible: String(t('agent.not_allowed')),
        closed: String(t('agent.closed')),
        missing: String(t('agent.closed')),
      };
      text = refusals[outcome.kind];
    }
    return { replies: text ? answerInSlack(item, text) : [], meta: handoffMeta(ticket, `handoff_${action.action}`) };
  }

  /** A message in a ticket's Slack thread: the agent talking to the customer. */
  async function fromAgent(item: InboxItem, ticket: Ticket): Promise<InterceptedTurn> {
    const outcome = await service.reply(ticket.id, slackAgent(item), item.message.text, item.id, 'slack');
    const t = agentT();
    const refusal =
      outcome.kind === 'not_yours'
        ? t('agent.not_yours', { agent: agentLabel(outcome.ticket?.assignee) })
        : outcome.kind === 'closed'
          ? t('agent.closed')
          : outcome.kind === 'forbidden'
            ? t('agent.not_allowed')
            : undefined;
    return { replies: refusal ? answerInSlack(item, String(refusal)) : [], meta: handoffMeta(outcome.ticket ?? ticket, 'handoff_agent_reply') };
  }

  /** The customer writing while a ticket is open: to the agents; while waiting, their place in line. */
  async function fromCustomer(item: InboxItem, ticket: Ticket): Promise<InterceptedTurn> {
    const contact = contactOf(item);
    if (contact.channel !== ticket.contact.channel || contact.senderAddress !== ticket.contact.senderAddress || contact.replyAddress !== ticket.contact.replyAddress) {
      await tickets.updateContact(ticket.id, contact);
    }
    await service.addEvent(ticket, { id: item.id, kind: 'customer', text: item.message.text, createdAt: item.message.receivedAt });
    await service.noteToAgents(ticket, `${item.id}:to-agents`, String(agentT()('agent.customer_says', { text: inert(item.message.text) })));
    const replies: NewOutbound[] = [];
    if (ticket.status === 'waiting') {
      const { position, minutes } = await service.estimate(ticket);
      const text = String(translator(ticket.language, 'handoff')('customer.still_waiting', { position, count: minutes }));
      const { message } = item;
      replies.push({ channel: message.channel, recipientAddress: message.senderAddress, replyAddress: message.replyAddress, replyTo: message.providerMessageId, text, language: ticket.language, meta: { handoff: { ticketId: ticket.id, position, minutes } } });
    }
    return { replies, meta: handoffMeta(ticket, 'handoff_relay', { awaitingAgent: true }) };
  }

  /** The assistant takes the thread back: once per ticket, on the first message after it closed. */
  async function comeback(item: InboxItem, ticket: Ticket): Promise<InterceptedTurn> {
    if (!(await tickets.claimResume(ticket.id, item.id))) return { replies: [], meta: handoffMeta(ticket, 'handoff_comeback_done') };
    const result = await service.deps.assistant.resume(
      ticket.threadId,
      ticket.status === 'abandoned'
        ? { resolved: false, timedOut: true }
        : { resolved: ticket.resolution?.resolved ?? true, ...(ticket.resolution?.note ? { note: ticket.resolution.note } : {}), ...(ticket.resolution?.by ? { agentId: ticket.resolution.by } : {}), askRating: true },
    );
    const { message } = item;
    const choices = result.replies.flatMap((draft) => draft.choices ?? []);
    const reply: NewOutbound = {
      channel: message.channel,
      recipientAddress: message.senderAddress,
      replyAddress: message.replyAddress,
      replyTo: message.providerMessageId,
      text: result.replies.map((draft) => draft.text.trim()).filter(Boolean).join('\n\n'),
      ...(choices.length ? { choices } : {}),
      language: result.language,
      meta: { ...result.meta, handoff: { ticketId: ticket.id, kind: 'comeback' } },
    };
    return { replies: reply.text ? [reply] : [], meta: { ...result.meta, handoff: { ticketId: ticket.id, status: ticket.status } } };
  }

  return async function intercept(item: InboxItem): Promise<InterceptedTurn | undefined> {
    const { message } = item;
    if (message.action?.startsWith('handoff:')) {
      const handled = await onAction(item);
      if (handled) return handled;
    }
    if (message.channel === 'slack' && message.conversationKey) {
      const split = message.conversationKey.lastIndexOf(':');
      const ticket = await tickets.bySlackThread(message.conversationKey.slice(0, split), message.conversationKey.slice(split + 1));
      if (ticket) return fromAgent(item, ticket);
    }
    // One read per message, most of which meet no ticket at all. A thread has at most one open
    // ticket (a unique index), no other ticket opens beside it, and a closed one never reopens:
    // an open ticket is always the thread's latest.
    const latest = await tickets.latestForThread(item.threadId);
    if (!latest) return undefined;
    if (latest.status === 'waiting' || latest.status === 'assigned') return fromCustomer(item, latest);
    // Closed, but the comeback has not run yet (or runs again for this same message after a crash).
    if (latest.resumedBy === undefined || latest.resumedBy === item.id) return comeback(item, latest);
    return undefined;
  };
}
