import type { TurnResult } from '../gateway/assistant.ts';
import type { ChannelId, Role } from '../gateway/messages.ts';

/** waiting → assigned → resolved, or abandoned when nobody took it in time. */
export type TicketStatus = 'waiting' | 'assigned' | 'resolved' | 'abandoned';

/** Where the customer is reached: the channel and addresses of their latest message. */
export interface CustomerContact {
  channel: ChannelId;
  senderAddress: string;
  replyAddress?: string;
  conversationKey?: string;
  tenantId?: string;
  role?: Role;
  displayName?: string;
}

export interface TranscriptLine {
  role: 'user' | 'assistant';
  text: string;
  /** The knowledge article the assistant answered from. */
  article?: string;
}

/** A person's ticket: who, why, where it waits, who has it, and its clocks. */
export interface Ticket {
  id: string;
  /** Short number for people ("#42"). */
  number: number;
  /** The inbox message whose turn escalated: opening twice for it opens one ticket. */
  sourceMessageId: string;
  threadId: string;
  customerId: string;
  contact: CustomerContact;
  language: string;
  market: string;
  tier: string;
  /** The router's department (route). */
  department: string;
  queue: string;
  reason: string;
  summary: string;
  transcript: TranscriptLine[];
  status: TicketStatus;
  priority: number;
  assignee?: string;
  createdAt: Date;
  assignedAt?: Date;
  firstResponseAt?: Date;
  closedAt?: Date;
  firstResponseDue: Date;
  resolutionDue: Date;
  /** When a still-waiting ticket gives up and the assistant comes back. */
  assignTimeoutAt: Date;
  breaches: { firstResponse: boolean; resolution: boolean };
  resolution?: { note?: string; resolved: boolean; by?: string };
  /** The inbox message that carried the assistant's comeback (a resume runs once). */
  resumedBy?: string;
  resumeQueued: boolean;
  rating?: number;
  slack?: { channel: string; ts: string };
}

export type TicketEventKind = 'customer' | 'agent' | 'system';

/** One line of what happened while a person had the conversation. */
export interface TicketEvent {
  id: string;
  ticketId: string;
  kind: TicketEventKind;
  author?: string;
  text: string;
  createdAt: Date;
}

export type NewTicket = Omit<Ticket, 'number' | 'status' | 'breaches' | 'resumeQueued' | 'createdAt'> & { createdAt: Date };

export type ClaimOutcome =
  | { kind: 'claimed'; ticket: Ticket }
  | { kind: 'already_yours'; ticket: Ticket }
  | { kind: 'taken'; ticket: Ticket }
  | { kind: 'closed'; ticket: Ticket }
  | { kind: 'missing' };

export interface TicketQuery {
  queues?: string[];
  statuses?: TicketStatus[];
  limit?: number;
}

/** A queued outbound webhook. */
export interface WebhookDelivery {
  id: string;
  event: string;
  payload: string;
  attempts: number;
}

/** Durable tickets. SQLite and PostgreSQL implement it and pass `test/handoff/ticket-store.suite.ts`. */
export interface TicketStore {
  /** Creates the tables if they are missing. */
  migrate(): Promise<void>;
  /** Opens a ticket unless one exists for `sourceMessageId` (or the thread has an open one): then that one. */
  open(ticket: NewTicket): Promise<{ ticket: Ticket; created: boolean }>;
  get(id: string): Promise<Ticket | undefined>;
  /** The waiting or assigned ticket of a thread. */
  openForThread(threadId: string): Promise<Ticket | undefined>;
  /** The thread's most recent ticket, whatever its status. */
  latestForThread(threadId: string): Promise<Ticket | undefined>;
  bySlackThread(channel: string, ts: string): Promise<Ticket | undefined>;
  setSlackPost(id: string, channel: string, ts: string): Promise<void>;
  /** One winner: only a waiting ticket can be claimed, with one conditional update. */
  claim(id: string, agent: string, now: Date): Promise<ClaimOutcome>;
  /** Back to waiting in another queue (or the same one, unassigned). */
  transfer(id: string, queue: string, dues: { firstResponseDue: Date; resolutionDue: Date; assignTimeoutAt: Date }): Promise<Ticket | undefined>;
  /** Closes an open ticket; `undefined` when it was already closed. */
  close(id: string, status: 'resolved' | 'abandoned', resolution: Ticket['resolution'], now: Date): Promise<Ticket | undefined>;
  /** Records that the comeback message was queued in the inbox. */
  markResumeQueued(id: string): Promise<void>;
  /** Claims the comeback for one inbox message; true for that message (again, on a replay), false for any other. */
  claimResume(id: string, messageId: string): Promise<boolean>;
  /** Closed tickets whose comeback was not queued yet. */
  pendingResumes(limit: number): Promise<Ticket[]>;
  setRating(id: string, rating: number): Promise<void>;
  recordFirstResponse(id: string, now: Date): Promise<void>;
  updateContact(id: string, contact: CustomerContact): Promise<void>;
  list(query: TicketQuery): Promise<Ticket[]>;
  /** 1-based place among the queue's waiting tickets (higher priority first, then oldest). */
  position(ticket: Ticket): Promise<number>;
  /** Mean time from opening to claim of the queue's last `sample` claimed tickets, if any. */
  recentWaitMs(queue: string, sample: number): Promise<number | undefined>;
  /** Appends an event; the same id twice is stored once. */
  addEvent(event: TicketEvent): Promise<boolean>;
  events(ticketId: string): Promise<TicketEvent[]>;
  /** Open tickets past a due time and not yet flagged for it. */
  dueBreaches(now: Date, limit: number): Promise<{ ticket: Ticket; kind: 'firstResponse' | 'resolution' }[]>;
  /** Flags a breach and raises the priority, once: true only for the caller that flagged it. */
  markBreach(id: string, kind: 'firstResponse' | 'resolution'): Promise<boolean>;
  /** Waiting tickets past their assignment timeout. */
  dueTimeouts(now: Date, limit: number): Promise<Ticket[]>;
  queueWebhook(id: string, event: string, payload: string, now: Date): Promise<void>;
  /** Takes due webhooks for `leaseMs` so one replica sends each. */
  claimWebhooks(now: Date, leaseMs: number, limit: number): Promise<WebhookDelivery[]>;
  webhookDone(id: string): Promise<void>;
  webhookFailed(id: string, retryAt: Date, final: boolean, error: string): Promise<void>;
}

/** The part of the assistant the handoff drives (agents/ `SwitchboardAssistant` fits it). */
export interface HandoffAssistant {
  resume(threadId: string, resolution: { resolved?: boolean; note?: string; agentId?: string; askRating?: boolean; timedOut?: boolean; unreachable?: boolean }): Promise<TurnResult>;
  status(threadId: string): Promise<{ paused: boolean; ticket?: { reason: string; route: string; intent: string; summary: string; recent: TranscriptLine[]; language: string; market: string } }>;
}

/** Who acts on a ticket: an agent (Slack user or console token) and the queues they may see. */
export interface AgentIdentity {
  id: string;
  name?: string;
  /** The queues they may see; `undefined`: worked out from the rules (Slack users). */
  queues?: string[];
  /** `CONSOLE_TOKEN`: may reply on and resolve any ticket, not only their own. */
  supervisor?: boolean;
}
