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
   * its customer and thread in the same transaction. The new row is leased to `lease.owner`.
   */
  insert(message: InboundMessage, identity: ResolvedIdentity, lease: Lease): Promise<InsertResult>;
  get(seq: number): Promise<InboxItem | undefined>;
  /**
   * Claims pending messages of the given channels whose lease has expired (or whose owner
   * `isDead` says is gone), oldest first, and returns them leased to `lease.owner`.
   */
  claimExpired(channels: ChannelId[], lease: Lease, limit: number, isDead?: (owner: string) => boolean): Promise<InboxItem[]>;
  /**
   * Marks the turn done and queues its replies, atomically: a crash leaves either both or neither.
   * Returns the new outbox rows.
   */
  complete(seq: number, replies: NewOutbound[], lease: Lease): Promise<OutboxItem[]>;
  /** Counts a failed attempt; the message stays pending. */
  recordAttempt(seq: number, error: string): Promise<void>;
  pendingCount(): Promise<number>;
}

export interface OutboxStore {
  /** Claims unsent replies of the given channels whose lease has expired, oldest first. */
  claimExpired(channels: ChannelId[], lease: Lease, limit: number, isDead?: (owner: string) => boolean): Promise<OutboxItem[]>;
  markSent(seq: number, providerMessageId: string | undefined): Promise<void>;
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
  setLanguage(id: string, language: string, chosen: boolean): Promise<void>;
  setMarket(id: string, market: string): Promise<void>;
}

/**
 * The one storage interface of the gateway. SQLite and PostgreSQL implement it
 * and pass the same suite (`test/store.suite.ts`).
 */
export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  readonly inbox: InboxStore;
  readonly outbox: OutboxStore;
  readonly customers: CustomerStore;
  readonly channelState: ChannelStateStore;
  /** The LangGraph checkpointer on the same database. */
  readonly checkpointer: BaseCheckpointSaver;
  /** Renews every lease held by `owner` on pending rows. */
  renewLeases(lease: Lease): Promise<void>;
  /** Gives up every lease held by `owner` (graceful stop), so any process may take the work at once. */
  releaseLeases(lease: Lease): Promise<void>;
  /** Keeps the newest `keep` checkpoints of a thread and drops older ones, so storage stays bounded. */
  pruneCheckpoints(threadId: string, keep: number): Promise<void>;
  /** True when the database answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
