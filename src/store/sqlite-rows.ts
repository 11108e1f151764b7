/** How the SQLite tables' rows map to the store's types. */
import type { ChannelId } from '../gateway/messages.ts';
import { decodeBody, decodeInbound } from './codec.ts';
import type { Customer, InboxItem, OutboxItem, OutboxStatus } from './types.ts';

export interface InboxRow {
  seq: number;
  id: string;
  thread_id: string;
  customer_id: string;
  message: string;
  attempts: number;
}

export interface OutboxRow {
  seq: number;
  id: string;
  thread_id: string;
  channel: string;
  recipient: string;
  reply_address: string | null;
  reply_to: string | null;
  body: string;
  language: string;
  status: string;
  attempts: number;
  last_error: string | null;
  provider_message_id: string | null;
  created_at: number;
}

export interface CustomerRow {
  id: string;
  role: string;
  display_name: string | null;
  tenant_id: string | null;
  language: string | null;
  language_chosen: number;
  language_pending: string | null;
  market: string | null;
  created_at: number;
}

export const toInboxItem = (row: InboxRow): InboxItem => ({
  seq: row.seq,
  id: row.id,
  threadId: row.thread_id,
  customerId: row.customer_id,
  message: decodeInbound(row.message),
  attempts: row.attempts,
});

export const toOutboxItem = (row: OutboxRow): OutboxItem => ({
  ...decodeBody(row.body),
  seq: row.seq,
  id: row.id,
  threadId: row.thread_id,
  channel: row.channel as ChannelId,
  recipientAddress: row.recipient,
  replyAddress: row.reply_address ?? undefined,
  replyTo: row.reply_to ?? undefined,
  language: row.language,
  status: row.status as OutboxStatus,
  attempts: row.attempts,
  lastError: row.last_error ?? undefined,
  providerMessageId: row.provider_message_id ?? undefined,
  createdAt: new Date(row.created_at),
});

export const toCustomer = (row: CustomerRow): Customer => ({
  id: row.id,
  role: row.role as Customer['role'],
  displayName: row.display_name ?? undefined,
  tenantId: row.tenant_id ?? undefined,
  language: row.language ?? undefined,
  languageChosen: row.language_chosen === 1,
  languagePending: row.language_pending ?? undefined,
  market: row.market ?? undefined,
  createdAt: new Date(row.created_at),
});
