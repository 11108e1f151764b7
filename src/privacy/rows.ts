/** Raw rows of the gateway's tables → the export's shapes, for both backends (PostgreSQL JSONB arrives parsed). */
import type { ExportedCustomer, ExportedMessage, ExportedReply, ExportedTicket } from './types.ts';

const json = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));
const iso = (value: unknown) => new Date(Number(value)).toISOString();

export interface CustomerRow {
  id: string;
  role: string;
  display_name: string | null;
  language: string | null;
  language_chosen: number | boolean;
  market: string | null;
  created_at: number | string;
}

export const toExportedCustomer = (row: CustomerRow, identities: { namespace: string; address: string }[]): ExportedCustomer => ({
  id: row.id,
  role: row.role,
  ...(row.display_name ? { displayName: row.display_name } : {}),
  ...(row.language ? { language: row.language } : {}),
  languageChosen: row.language_chosen === true || Number(row.language_chosen) === 1,
  ...(row.market ? { market: row.market } : {}),
  createdAt: iso(row.created_at),
  identities,
});

export interface InboxExportRow {
  id: string;
  message: unknown;
}

/** The person's own words; the handoff's internal comeback messages (no text) are not theirs. */
export function toExportedMessage(row: InboxExportRow): ExportedMessage | undefined {
  const message = json<{ channel: string; senderAddress: string; text: string; receivedAt: string; action?: string; languageChoice?: string }>(row.message);
  if (!message.text && message.action?.startsWith('handoff:')) return undefined;
  return {
    id: row.id,
    channel: message.channel,
    from: message.senderAddress,
    text: message.text,
    receivedAt: message.receivedAt,
    ...(message.action ? { action: message.action } : {}),
    ...(message.languageChoice ? { language: message.languageChoice } : {}),
  };
}

export interface OutboxExportRow {
  id: string;
  channel: string;
  recipient: string;
  body: unknown;
  language: string;
  status: string;
  created_at: number | string;
  reply_to: string | null;
}

export const toExportedReply = (row: OutboxExportRow): ExportedReply => ({
  id: row.id,
  channel: row.channel,
  to: row.recipient,
  text: json<{ text: string }>(row.body).text,
  language: row.language,
  status: row.status,
  createdAt: iso(row.created_at),
  ...(row.reply_to ? { replyTo: row.reply_to } : {}),
});

export interface TicketExportRow {
  id: string;
  seq: number | string;
  status: string;
  queue: string;
  reason: string;
  language: string;
  market: string;
  summary: string;
  transcript: string;
  rating: number | string | null;
  created_at: number | string;
  closed_at: number | string | null;
}

export interface EventExportRow {
  ticket_id: string;
  kind: string;
  author: string | null;
  text: string;
  created_at: number | string;
}

export const toExportedTicket = (row: TicketExportRow, events: EventExportRow[]): ExportedTicket => ({
  id: row.id,
  number: Number(row.seq),
  status: row.status,
  queue: row.queue,
  reason: row.reason,
  language: row.language,
  market: row.market,
  summary: row.summary,
  transcript: json<{ role: string; text: string }[]>(row.transcript),
  events: events
    .filter((event) => event.ticket_id === row.id)
    .map((event) => ({ kind: event.kind, ...(event.author ? { author: event.author } : {}), text: event.text, at: iso(event.created_at) })),
  ...(row.rating !== null ? { rating: Number(row.rating) } : {}),
  createdAt: iso(row.created_at),
  ...(row.closed_at !== null ? { closedAt: iso(row.closed_at) } : {}),
});

/** A ticket's contact after erasure or retention: the channel only. */
export const anonymousContact = (contact: unknown): string => JSON.stringify({ channel: json<{ channel?: string }>(contact).channel ?? 'unknown' });

/** Channel state that names an address: the address ends its key (`opt-out:+46…`) or is a string inside its value. */
export const mentions = (address: string) => ({ keySuffix: `:${address.toLowerCase()}`, quoted: JSON.stringify(address.toLowerCase()) });

/** Where a sweep's walk over rows by (created_at, id) stopped: '' before the first page. */
export function readCursor(after: string): [number, string] {
  const colon = after.indexOf(':');
  return colon < 0 ? [-1, ''] : [Number(after.slice(0, colon)), after.slice(colon + 1)];
}

export function writeCursor(row: { id: string; created_at: number | string }): string {
  return `${row.created_at}:${row.id}`;
}
