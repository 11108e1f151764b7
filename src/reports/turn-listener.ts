import type { TurnListener } from '../gateway/hooks.ts';
import type { CustomerStore } from '../store/types.ts';
import type { Ticket } from '../handoff/types.ts';
import { knownMarketForPhone, marketByCode } from '../i18n/markets.ts';
import type { ReportRecorder } from './recorder.ts';
import type { ReportSource, TicketFacts, TurnEvent } from './types.ts';

/**
 * The market of a conversation nothing tells the market of: no customer record, no phone number of
 * one of our markets (a web guest, an unknown web id, a colleague in Slack). Not the default market,
 * which would count every such visitor as American.
 */
export const UNKNOWN_MARKET = 'unknown';

/** The ticket as reports keep it: ids, times, labels and the rating; never a word of the conversation. */
export function ticketFacts(ticket: Ticket): TicketFacts {
  return {
    ticketId: ticket.id,
    queue: ticket.queue,
    reason: ticket.reason,
    status: ticket.status,
    createdAt: ticket.createdAt.getTime(),
    ...(ticket.closedAt ? { closedAt: ticket.closedAt.getTime() } : {}),
    ...(ticket.firstResponseAt ? { firstResponseAt: ticket.firstResponseAt.getTime() } : {}),
    ...(ticket.rating !== undefined ? { rating: ticket.rating } : {}),
    breached: ticket.breaches.firstResponse || ticket.breaches.resolution,
  };
}

export interface TurnListenerDeps {
  recorder: ReportRecorder;
  customers: Pick<CustomerStore, 'get'>;
  /** The handoff's tickets, when human handoff is on. */
  tickets?: { latestForThread(threadId: string): Promise<Ticket | undefined> };
  now?: () => number;
  /** `live` for the gateway; the eval runner writes `eval`. */
  source?: ReportSource;
  /** Put before thread ids (the eval runner's cases each run on a database of their own, where thread ids repeat). */
  threadPrefix?: string;
}

/**
 * The gateway's turn listener that feeds reports: it tells customers' turns from what a person or
 * the gateway itself did (agents' Slack actions, carrier keywords, the apology), and reads the
 * market, the answer's language and the thread's ticket.
 */
export function reportTurnListener(deps: TurnListenerDeps): TurnListener {
  const now = deps.now ?? Date.now;
  return async (item, meta, replies) => {
    const { message } = item;
    let kind: TurnEvent['kind'] = 'message';
    if (message.action?.startsWith('handoff:comeback:')) kind = 'comeback';
    else if (meta.intent === 'handoff_relay') kind = 'relay';
    // An agent's button or thread reply, a comeback already run, a carrier keyword, the apology: no customer turn.
    else if (meta.intent.startsWith('handoff_') || meta.intent.startsWith('control_') || meta.route === 'none') return;
    const customer = await deps.customers.get(item.customerId);
    const market = marketByCode(typeof meta.market === 'string' ? meta.market : customer?.market)?.code ?? knownMarketForPhone(message.senderAddress)?.code ?? UNKNOWN_MARKET;
    const rating = typeof meta.rating === 'number';
    const event: TurnEvent = {
      seq: item.seq,
      threadId: `${deps.threadPrefix ?? ''}${item.threadId}`,
      source: deps.source ?? 'live',
      at: message.receivedAt.getTime(),
      answeredAt: now(),
      channel: message.channel,
      market,
      language: replies[0]?.language ?? customer?.language ?? 'en',
      route: meta.route,
      intent: meta.intent,
      // A channel that cannot carry later messages refuses the handoff: no ticket, the assistant keeps the conversation.
      escalated: meta.escalated === true && replies[0]?.meta?.handoffRefused !== true,
      ...(meta.escalationReason ? { reason: meta.escalationReason } : {}),
      ...(meta.automated === false ? { unanswered: true } : {}),
      kind,
      rating,
    };
    const tickets = deps.tickets;
    const withTicket = tickets && (event.escalated || kind !== 'message' || rating);
    const load = withTicket ? async () => {
      const ticket = await tickets.latestForThread(item.threadId);
      return ticket ? ticketFacts(ticket) : undefined;
    } : undefined;
    await deps.recorder.recordTurn(event, load);
  };
}
