import type { BaseCheckpointSaver } from '@langchain/langgraph-checkpoint';
import type { ChannelStateStore } from '../gateway/channel.ts';
import type { ChannelId, InboundMessage, OutboundMessage, ReplyDraft, Role } from '../gateway/messages.ts';

/** A person known to the gateway, whatever channels they use. */
export interface Customer {
  id: string;
  role: Role;
  displayName?: string;
  tenantId?: string;
  /** The language the person chose or was last answered in. */
  language?: string;
  languageChosen: boolean;
  /** A switch to this language seen once, made if the next message confirms it. */
  languagePending?: string;
  market?: string;
  createdAt: Date;
}

/** Where an identity lookup starts: the identity namespace and the address in it. */
export interface IdentityKey {
  /** `phone` when SMS and WhatsApp share a number's identity, else the channel id. */
  namespace: string;
  address: string;
}

export interface Thread {
  id: string;
  customerId: string;
  /** Channel-scoped key (a Slack thread ts) or `''` for the person's own thread. */
  conversationKey: string;
  createdAt: Date;
}

/** What an inbox row holds: the message as accepted, its thread and customer. */
export interface InboxItem {
  /** Monotonic within a store: arrival order. */
  seq: number;
  id: string;
  threadId: string;
  customerId: string;
  message: InboundMessage;
  attempts: number;
}

export interface InsertResult {
  item: InboxItem;
  duplicate: boolean;
}

export type OutboxStatus = 'pending' | 'sent' | 'delivered' | 'failed';

export interface OutboxItem extends OutboundMessage {
  seq: number;
  threadId: string;
  status: OutboxStatus;
  attempts: number;
  lastError?: string;
  providerMessageId?: string;
}

/** A reply the turn produced, addressed, before the outbox gives it an id. */
export interface NewOutbound extends ReplyDraft {
  channel: ChannelId;
  recipientAddress: string;
  replyAddress?: string;
  replyTo?: string;
  language: string;
}

export interface Lease {
  /** Who holds it: one id per running gateway process. */
  owner: string;
  /** How long a claim lasts without renewal. */
  ttlMs: number;
}

/** Accepted messages, durable from accept until their turn completes. */
export interface InboxStore {
  /**
   * Inserts the message unless (channel, providerMessageId) was seen before, resolving
   * its customer and thread in the same transaction.
   */
  insert(message: InboundMessage, identity: ResolvedIdentity): Promise<InsertResult>;
  get(seq: number): Promise<InboxItem | undefined>;
  /** The oldest message of a thread still waiting for its turn. */
  nextPending(threadId: string): Promise<InboxItem | undefined>;
  /**
   * Marks the turn done and queues its replies, atomically: a crash leaves either both or neither.
   * Only the holder of the thread's lease may complete; anyone else (or a second call) gets
   * `undefined` and nothing changes.
   */
  complete(seq: number, replies: NewOutbound[], lease: Lease): Promise<OutboxItem[] | undefined>;
  /** Counts a failed attempt; the message stays pending. */
  recordAttempt(seq: number, error: string): Promise<void>;
  pendingCount(): Promise<number>;
}

/**
 * Per-thread leases: one process works a thread at a time, so one thread's turns run in
 * arrival order across every process sharing the database.
 */
export interface ThreadLeaseStore {
  /** Takes the thread's lease if it is free, expired, or held by a dead owner. */
  acquire(threadId: string, lease: Lease, isDead?: (owner: string) => boolean): Promise<boolean>;
  /**
   * Gives the lease up only if the thread has no pending message left, atomically with that
   * check, so a message accepted meanwhile is never stranded. False: work remains, keep going.
   */
  release(threadId: string, lease: Lease): Promise<boolean>;
  /**
   * Gives the lease up although messages are pending: a turn met a fault and waits before its next
   * try, and meanwhile any process may take the thread.
   */
  handBack(threadId: string, lease: Lease): Promise<void>;
  /** Threads with pending messages on the given channels and no live lease: work to take over. */
  orphaned(channels: ChannelId[], limit: number, isDead?: (owner: string) => boolean): Promise<string[]>;
}

export interface OutboxStore {
  /**
   * Queues replies that answer no inbox message (an agent's reply, a follow-up), each under an
   * id of the caller's that makes a second call with the same id do nothing. Returns the new rows.
   */
  enqueue(threadId: string, replies: (NewOutbound & { id: string })[], lease: Lease): Promise<OutboxItem[]>;
  /** Claims unsent replies of the given channels whose lease has expired, oldest first. */
  claimExpired(channels: ChannelId[], lease: Lease, limit: number, isDead?: (owner: string) => boolean): Promise<OutboxItem[]>;
  markSent(seq: number, providerMessageId: string | undefined): Promise<void>;
  /** Gives up this owner's claim on an unsent reply, so a process serving its channel takes it at once. */
  release(seq: number, lease: Lease): Promise<void>;
  /** Records a failed attempt; `final` moves the reply to `failed` for good. */
  markAttempt(seq: number, error: string, final: boolean): Promise<void>;
  /** Delivery callbacks (Twilio status) update the row found by the provider's id. */
  updateStatusByProviderId(channel: ChannelId, providerMessageId: string, status: OutboxStatus, error?: string): Promise<OutboxItem | undefined>;
  /** Replies to one recipient on one channel after a reply seq, oldest first. */
  listForRecipient(channel: ChannelId, recipientAddress: string, afterSeq: number, limit: number): Promise<OutboxItem[]>;
  getById(id: string): Promise<OutboxItem | undefined>;
}

/** The identity a message resolves to before it is inserted. */
export interface ResolvedIdentity {
  key: IdentityKey;
  role: Role;
  tenantId?: string;
  displayName?: string;
  conversationKey: string;
}

export interface CustomerStore {
  get(id: string): Promise<Customer | undefined>;
  findByIdentity(key: IdentityKey): Promise<Customer | undefined>;
  setLanguage(id: string, language: string, chosen: boolean, pending?: string): Promise<void>;
  setMarket(id: string, market: string): Promise<void>;
}

/** What the readiness probe learned about the database. */
export interface StoreHealth {
  /** A write succeeded just now, and lands where the next start will find it. */
  writable: boolean;
  /** Why not, in words an operator can act on. */
  problem?: string;
}

/**
 * The one storage interface of the gateway. SQLite and PostgreSQL implement it
 * and pass the same suite (`test/store.suite.ts`).
 */
export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  readonly inbox: InboxStore;
  readonly threads: ThreadLeaseStore;
  readonly outbox: OutboxStore;
  readonly customers: CustomerStore;
  readonly channelState: ChannelStateStore;
  /** The LangGraph checkpointer on the same database. */
  readonly checkpointer: BaseCheckpointSaver;
  /** Renews every lease `owner` holds (threads and unsent replies). */
  renewLeases(lease: Lease): Promise<void>;
  /** Gives up every lease held by `owner` (graceful stop), so any process may take the work at once. */
  releaseLeases(lease: Lease): Promise<void>;
  /** Keeps the newest `keep` checkpoints of a thread and drops older ones, so storage stays bounded. */
  pruneCheckpoints(threadId: string, keep: number): Promise<void>;
  /**
   * Writes a heartbeat row (the cheapest real write) and, for a file, checks that the file at its
   * path is still the one opened. Never throws.
   */
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}
