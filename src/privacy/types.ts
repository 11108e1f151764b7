/**
 * What the data-protection features need from a database: retention sweeps in small batches,
 * and finding, exporting and erasing everything held about one person. SQLite and PostgreSQL
 * implement it (`sqlite.ts`, `postgres.ts`) and pass the same cases of `test/store.suite.ts`.
 */

/** One kind of data the retention sweep removes, oldest first, in batches. */
export type SweepKind =
  /** Answered inbox messages (the customer's words) older than the message retention. */
  | 'inbox'
  /** Sent, delivered or failed replies older than the message retention. */
  | 'outbox'
  /** Sent or given-up handoff webhooks (their payloads carry the ticket) older than the message retention. */
  | 'webhooks'
  /** Transcripts, summaries and events of tickets closed before the message retention: blanked, the ticket stays. */
  | 'ticketTranscripts'
  /** Tickets closed before the ticket retention, removed. */
  | 'tickets'
  /** Threads with no message left and nothing open, with their checkpoints. */
  | 'threads'
  /** Customers with no thread left, with their identities (language and market choices go with them). */
  | 'customers'
  /** Channel state not touched since the cutoff; opt-outs are kept. */
  | 'channelState';

/** The sweep order: what a later kind checks for ("no message left") is removed by an earlier one. */
export const MESSAGE_KINDS: SweepKind[] = ['inbox', 'outbox', 'webhooks', 'ticketTranscripts', 'threads', 'customers', 'channelState'];
export const TICKET_KINDS: SweepKind[] = ['tickets'];

/** A person as the store knows them: their gateway customers and every address that reaches them. */
export interface Subject {
  customerIds: string[];
  /** Phone numbers, e-mail addresses, web and channel ids; compared in lower case. */
  addresses: string[];
}

export interface ExportedCustomer {
  id: string;
  role: string;
  displayName?: string;
  language?: string;
  languageChosen: boolean;
  market?: string;
  createdAt: string;
  identities: { namespace: string; address: string }[];
}

export interface ExportedMessage {
  id: string;
  channel: string;
  from: string;
  text: string;
  receivedAt: string;
  action?: string;
  language?: string;
}

export interface ExportedReply {
  id: string;
  channel: string;
  to: string;
  text: string;
  language: string;
  status: string;
  createdAt: string;
  replyTo?: string;
}

export interface ExportedTicket {
  id: string;
  number: number;
  status: string;
  queue: string;
  reason: string;
  language: string;
  market: string;
  summary: string;
  transcript: { role: string; text: string }[];
  events: { kind: string; author?: string; text: string; at: string }[];
  rating?: number;
  createdAt: string;
  closedAt?: string;
}

/** Everything the gateway's own tables hold about one person. */
export interface PersonData {
  customers: ExportedCustomer[];
  messages: ExportedMessage[];
  replies: ExportedReply[];
  tickets: ExportedTicket[];
  channelState: { channel: string; key: string; value: unknown; updatedAt: string }[];
}

/** One erasure or export, as the audit log keeps it: no personal data, the subject only as a keyed hash. */
export interface AuditEntry {
  at: Date;
  /** Who asked: `cli:<user>` or `api:<agent>`. */
  actor: string;
  action: 'erase' | 'export';
  /** HMAC of the request (phone, e-mail or id) under the database's privacy key: the same person gives the same value. */
  subjectHash: string;
  /** Rows removed per table (erase) or items exported per kind (export). */
  counts: Record<string, number>;
}

export interface SweepStep {
  touched: number;
  /** More of the table to look at, from this id on. */
  after?: string;
}

export interface PrivacyStore {
  /** Creates the audit table and the indexes the sweep uses; safe to call at every start. */
  migrate(): Promise<void>;
  /**
   * Removes (or blanks) at most `limit` rows of one kind dated before `cutoff` (epoch ms), in one
   * short transaction. Kinds that page through a table (threads, customers) look at a bounded
   * slice after the id `after` and return where to go on; the others are done when `touched < limit`.
   */
  sweep(kind: SweepKind, cutoff: number, limit: number, after?: string): Promise<SweepStep>;
  /** The customers reached at these addresses or having these ids, and every address of theirs. */
  findSubject(addresses: string[], customerIds: string[]): Promise<Subject>;
  collect(subject: Subject): Promise<PersonData>;
  /**
   * Removes everything about the subject in one transaction; tickets are kept anonymised for
   * reports, opt-outs are kept under a keyed hash of the number. Rows touched per table.
   */
  erase(subject: Subject): Promise<Record<string, number>>;
  /** A secret kept in the database (made at first use) for keyed hashes of people's addresses. */
  privacyKey(): Promise<string>;
  audit(entry: AuditEntry): Promise<void>;
  auditLog(limit: number): Promise<AuditEntry[]>;
}
