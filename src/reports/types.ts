/**
 * The facts reports are made of. A conversation is one row (`ConversationFact`, keyed by thread
 * and first message); every fact adds its `Counters` to one rollup row per day and dimensions
 * (`RollupKey`), so a report sums a few hundred rollup rows per day instead of scanning messages.
 * Rollups hold no personal data: dimensions are a day, a channel, a market, a language, a route,
 * an intent, an escalation reason and a queue.
 */

/** Where a fact came from: real traffic, the demo seed, or an eval run written into the store. */
export type ReportSource = 'live' | 'demo' | 'eval';
export const REPORT_SOURCES: readonly ReportSource[] = ['live', 'demo', 'eval'];

/**
 * What became of a conversation: no ticket; a ticket; no ticket but the customer came back with
 * the same intent within the comeback window; or no ticket and no answer (the assistant had no
 * article on the question and offered a person, who was not taken).
 */
export type ConversationOutcome = 'automated' | 'escalated' | 'reopened' | 'unanswered';

export interface RollupKey {
  /** UTC day the conversation started, `YYYY-MM-DD`. */
  day: string;
  source: ReportSource;
  channel: string;
  market: string;
  language: string;
  route: string;
  intent: string;
  /** The escalation reason, `''` when none. */
  reason: string;
  /** The ticket's queue, `''` when none. */
  queue: string;
}

export const DIMENSIONS = ['day', 'source', 'channel', 'market', 'language', 'route', 'intent', 'reason', 'queue'] as const satisfies readonly (keyof RollupKey)[];
export type Dimension = (typeof DIMENSIONS)[number];

/** What one conversation adds to its rollup row. Sums, so they add and subtract. */
export interface Counters {
  conversations: number;
  messages: number;
  automated: number;
  escalated: number;
  reopened: number;
  resolved: number;
  abandoned: number;
  /** Time to resolution: milliseconds summed over `ttrCount` conversations. */
  ttrMs: number;
  ttrCount: number;
  /** First response of a person: milliseconds summed over `frtCount` tickets. */
  frtMs: number;
  frtCount: number;
  slaBreaches: number;
  rating1: number;
  rating2: number;
  rating3: number;
  rating4: number;
  rating5: number;
}

export const COUNTERS = [
  'conversations', 'messages', 'automated', 'escalated', 'reopened', 'resolved', 'abandoned', 'ttrMs', 'ttrCount', 'frtMs', 'frtCount', 'slaBreaches',
  'rating1', 'rating2', 'rating3', 'rating4', 'rating5',
] as const satisfies readonly (keyof Counters)[];

/** The ticket side of a conversation, copied from the handoff's ticket whenever it changes. */
export interface TicketFacts {
  ticketId: string;
  queue: string;
  reason: string;
  status: 'waiting' | 'assigned' | 'resolved' | 'abandoned';
  createdAt: number;
  closedAt?: number;
  firstResponseAt?: number;
  rating?: number;
  breached: boolean;
}

/** One conversation: a customer's messages on one thread with no quiet gap longer than the configured one. */
export interface ConversationFact {
  id: string;
  threadId: string;
  source: ReportSource;
  day: string;
  channel: string;
  market: string;
  language: string;
  route: string;
  intent: string;
  outcome: ConversationOutcome;
  reason: string;
  /** Epoch ms of the first message. */
  startedAt: number;
  /** Epoch ms of the last activity (a message, an answer, the ticket closing): the quiet gap counts from here. */
  lastAt: number;
  /** Epoch ms of the assistant's last answer. */
  answeredAt?: number;
  /** The inbox seq of the last turn counted: a turn replayed after a crash is not counted twice. */
  lastSeq: number;
  messages: number;
  ticket?: TicketFacts;
  /** The thread's previous conversation, when it ended within the comeback window before this one began. */
  prevId?: string;
  /** Optimistic lock: writers update only the version they read. */
  version: number;
}

/** A completed turn as the reports see it. */
export interface TurnEvent {
  seq: number;
  threadId: string;
  source: ReportSource;
  /** When the customer's message arrived (epoch ms). */
  at: number;
  /** When the answer was committed (epoch ms). */
  answeredAt: number;
  channel: string;
  market: string;
  language: string;
  route: string;
  intent: string;
  escalated: boolean;
  reason?: string;
  /** The assistant had no answer to this question ("I don't have an article on that"), only the offer of a person. */
  unanswered?: boolean;
  /** `message`: the customer wrote; `comeback`: the assistant came back after a person; `relay`: the customer wrote while a person had the thread. */
  kind: 'message' | 'comeback' | 'relay';
  /** A rating the customer gave on this turn (it belongs to the ticket, not to a new conversation). */
  rating?: boolean;
  /** The thread's ticket as it is now, when it has one. */
  ticket?: TicketFacts;
}

/** The definitions' tunables (see docs/reports.md). */
export interface ReportRules {
  /** A quiet gap longer than this starts a new conversation (default 30 min). */
  quietGapMs: number;
  /** A customer back within this with the same intent moves the earlier conversation to not automated (default 24 h). */
  comebackMs: number;
}

export const DEFAULT_RULES: ReportRules = { quietGapMs: 30 * 60_000, comebackMs: 24 * 3600_000 };
