/** How the PostgreSQL tables' rows map to the store's types. */
import type { ChannelId, InboundMessage, ReplyDraft } from '../gateway/messages.ts';
import type { InboxItem, OutboxItem, OutboxStatus } from './types.ts';

export const INBOX_COLUMNS = 'seq, id, thread_id, customer_id, message, attempts';
export const OUTBOX_COLUMNS =
  'seq, id, thread_id, channel, recipient, reply_address, reply_to, body, language, status, attempts, last_error, provider_message_id, created_at';

export interface InboxRow {
  seq: number;
  id: string;
  thread_id: string;
  customer_id: string;
  message: Omit<InboundMessage, 'receivedAt'> & { receivedAt: string };
  attempts: number;
}

export interface OutboxRow {
  seq: number;
  id: string;
  thread_id: string;
  channel: ChannelId;
  recipient: string;
  reply_address: string | null;
  reply_to: string | null;
  body: ReplyDraft;
  language: string;
  status: OutboxStatus;
  attempts: number;
  last_error: string | null;
  provider_message_id: string | null;
  created_at: number;
}

export const toInboxItem = (row: InboxRow): InboxItem => ({
  seq: row.seq,
  id: row.id,
  threadId: row.thread_id,
  customerId: row.customer_id,
  message: { ...row.message, receivedAt: new Date(row.message.receivedAt) },
  attempts: row.attempts,
});

export const toOutboxItem = (row: OutboxRow): OutboxItem => ({
  ...row.body,
  seq: row.seq,
  id: row.id,
  threadId: row.thread_id,
  channel: row.channel,
  recipientAddress: row.recipient,
  replyAddress: row.reply_address ?? undefined,
  replyTo: row.reply_to ?? undefined,
  language: row.language,
  status: row.status,
  attempts: row.attempts,
  lastError: row.last_error ?? undefined,
  providerMessageId: row.provider_message_id ?? undefined,
  createdAt: new Date(row.created_at),
});
