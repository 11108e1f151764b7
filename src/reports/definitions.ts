/**
 * The report definitions as pure functions (docs/reports.md says the same in words): what a
 * conversation is, when it counts as automated, and what each conversation adds to its rollup.
 * Both backends store what these functions decide, so SQLite and PostgreSQL agree by construction.
 */
import { COUNTERS, type ConversationFact, type Counters, type ReportRules, type RollupKey, type TicketFacts, type TurnEvent } from './types.ts';

/**
 * Intents that say nothing about what the customer came for: a conversation takes its intent
 * from its first turn that is none of these (so "hi" then "where is my refund?" is about the refund).
 */
const SMALL_TALK = new Set(['greeting', 'thanks', 'affirm', 'deny', 'rating', 'set_language', 'none', '']);

export function isSubstantive(intent: string): boolean {
  return !SMALL_TALK.has(intent) && !intent.startsWith('handoff_') && !intent.startsWith('control_');
}

/** Replicas' clocks may differ this much: a ticket stamped by one and a message by another still line up. */
const CLOCK_SKEW_MS = 60_000;

export const dayOf = (epochMs: number): string => new Date(epochMs).toISOString().slice(0, 10);

export function zeroCounters(): Counters {
  return Object.fromEntries(COUNTERS.map((name) => [name, 0])) as unknown as Counters;
}

/** The rollup row a conversation counts in. */
export function rollupKeyOf(fact: ConversationFact): RollupKey {
  return {
    day: fact.day,
    source: fact.source,
    channel: fact.channel,
    market: fact.market,
    language: fact.language,
    route: fact.route,
    intent: fact.intent,
    reason: fact.outcome === 'escalated' ? fact.reason : '',
    queue: fact.ticket?.queue ?? '',
  };
}

/** What one conversation adds to its rollup row, as it stands now. */
export function contributionOf(fact: ConversationFact): Counters {
  const counters = zeroCounters();
  counters.conversations = 1;
  counters.messages = fact.messages;
  const { ticket } = fact;
  if (fact.outcome === 'automated') {
    counters.automated = 1;
    // Automated: from the first message to the last answer.
    if (fact.answeredAt !== undefined) {
      counters.ttrMs = Math.max(0, fact.answeredAt - fact.startedAt);
      counters.ttrCount = 1;
    }
  } else if (fact.outcome === 'reopened') {
    counters.reopened = 1;
  } else if (fact.outcome === 'escalated') {
    counters.escalated = 1;
  }
  if (ticket) {
    if (ticket.status === 'resolved') {
      counters.resolved = 1;
      // With a person: from the first message to the ticket's resolution.
      if (ticket.closedAt !== undefined) {
        counters.ttrMs = Math.max(0, ticket.closedAt - fact.startedAt);
        counters.ttrCount = 1;
      }
    }
    if (ticket.status === 'abandoned') counters.abandoned = 1;
    if (ticket.firstResponseAt !== undefined) {
      counters.frtMs = Math.max(0, ticket.firstResponseAt - ticket.createdAt);
      counters.frtCount = 1;
    }
    if (ticket.breached) counters.slaBreaches = 1;
    if (ticket.rating !== undefined && ticket.rating >= 1 && ticket.rating <= 5) counters[`rating${ticket.rating as 1 | 2 | 3 | 4 | 5}`] = 1;
  }
  return counters;
}

export const sameKey = (a: RollupKey, b: RollupKey) => JSON.stringify(a) === JSON.stringify(b);

/** The rollup changes that turn `before` into `after` (either may be absent): at most two rows. */
export function rollupDelta(before: ConversationFact | undefined, after: ConversationFact | undefined): { key: RollupKey; counters: Counters }[] {
  const rows: { key: RollupKey; counters: Counters }[] = [];
  const add = (fact: ConversationFact, sign: 1 | -1) => {
    const key = rollupKeyOf(fact);
    let row = rows.find((candidate) => sameKey(candidate.key, key));
    if (!row) {
      row = { key, counters: zeroCounters() };
      rows.push(row);
    }
    const contribution = contributionOf(fact);
    for (const name of COUNTERS) row.counters[name] += sign * contribution[name];
  };
  if (before) add(before, -1);
  if (after) add(after, 1);
  return rows.filter((row) => COUNTERS.some((name) => row.counters[name] !== 0));
}

/** The fact with the ticket's current state: a ticket makes the conversation escalated, whatever it was. */
export function withTicket(fact: ConversationFact, ticket: TicketFacts): ConversationFact {
  const lastAt = Math.max(fact.lastAt, ticket.closedAt ?? 0);
  return { ...fact, ticket, outcome: 'escalated', reason: ticket.reason || fact.reason || 'unspecified', lastAt };
}

/** Is the thread's latest conversation still going when this turn arrives? */
function continues(latest: ConversationFact, event: TurnEvent, rules: ReportRules): boolean {
  // Nothing the gateway or a person does, and no rating, starts a conversation of its own.
  if (event.kind !== 'message' || event.rating) return true;
  // A person has the conversation: it lasts until the ticket closes, however long the customer is quiet.
  if (latest.ticket && (latest.ticket.status === 'waiting' || latest.ticket.status === 'assigned')) return true;
  return event.at - latest.lastAt <= rules.quietGapMs;
}

export interface TurnPlan {
  before?: ConversationFact;
  after: ConversationFact;
  /** The conversation's intent became a substantive one on this turn: the comeback rule may apply. */
  intentSettled: boolean;
}

/**
 * The conversation a turn belongs to, after the turn: the thread's latest one continued, or a
 * new one. `undefined`: the turn was counted already (a replay) or counts for nothing.
 */
export function planTurn(latest: ConversationFact | undefined, event: TurnEvent, rules: ReportRules): TurnPlan | undefined {
  if (latest && event.seq <= latest.lastSeq) return undefined;
  if (latest && continues(latest, event, rules)) {
    let after: ConversationFact = {
      ...latest,
      lastSeq: event.seq,
      lastAt: Math.max(latest.lastAt, event.at, event.answeredAt),
      messages: latest.messages + (event.kind === 'comeback' ? 0 : 1),
      answeredAt: event.answeredAt,
      language: event.language || latest.language,
      market: event.market || latest.market,
    };
    // A conversation is about its first real question; a later rant or "no" that escalates does not rename it.
    const settles = !isSubstantive(latest.intent) && isSubstantive(event.intent);
    if (settles) after = { ...after, intent: event.intent, route: event.route };
    // Without a ticket, the latest real question decides: answered is automated, "no article" is not.
    if ((after.outcome === 'automated' || after.outcome === 'unanswered') && event.kind === 'message' && isSubstantive(event.intent)) {
      after = { ...after, outcome: event.unanswered ? 'unanswered' : 'automated' };
    }
    // The thread's latest ticket is this conversation's when it is the one it has, or when this turn escalated and it opened since the conversation began.
    const ours = event.ticket && (latest.ticket?.ticketId === event.ticket.ticketId || (!latest.ticket && event.escalated && event.ticket.createdAt >= latest.startedAt - CLOCK_SKEW_MS));
    if (event.ticket && ours) after = withTicket(after, event.ticket);
    else if (event.escalated && !after.ticket && after.outcome !== 'escalated') after = { ...after, outcome: 'escalated', reason: event.reason ?? 'unspecified' };
    return { before: latest, after, intentSettled: settles };
  }
  // A comeback or a relay with no conversation to join counts for nothing (the traffic before reports were on).
  if (event.kind !== 'message') return undefined;
  let after: ConversationFact = {
    id: `${event.threadId}:${event.seq}`,
    threadId: event.threadId,
    source: event.source,
    day: dayOf(event.at),
    channel: event.channel,
    market: event.market,
    language: event.language,
    route: event.route,
    intent: event.intent,
    outcome: event.escalated ? 'escalated' : event.unanswered ? 'unanswered' : 'automated',
    reason: event.escalated ? (event.reason ?? 'unspecified') : '',
    startedAt: event.at,
    lastAt: Math.max(event.at, event.answeredAt),
    answeredAt: event.answeredAt,
    lastSeq: event.seq,
    messages: 1,
    ...(latest && event.at - latest.lastAt <= rules.comebackMs ? { prevId: latest.id } : {}),
    version: 0,
  };
  if (event.escalated && event.ticket && event.ticket.createdAt >= event.at - CLOCK_SKEW_MS) after = withTicket(after, event.ticket);
  return { after, intentSettled: isSubstantive(event.intent) };
}

/**
 * The comeback rule: a conversation counted automated moves to not automated when the customer
 * comes back within the window with the same intent. Returns the previous conversation changed, if it is.
 */
export function planComeback(previous: ConversationFact | undefined, current: ConversationFact): ConversationFact | undefined {
  if (!previous || previous.outcome !== 'automated' || previous.intent !== current.intent || !isSubstantive(current.intent)) return undefined;
  return { ...previous, outcome: 'reopened' };
}

/** The fact after a change to its ticket; `undefined` when nothing a report shows changed. */
export function planTicket(fact: ConversationFact, ticket: TicketFacts): ConversationFact | undefined {
  if (fact.ticket?.ticketId !== ticket.ticketId) return undefined;
  const after = withTicket(fact, ticket);
  return JSON.stringify(after) === JSON.stringify(fact) ? undefined : after;
}
