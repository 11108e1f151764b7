/**
 * The outbox on the gateway's SQLite connection: replies waiting to be sent, leased to the process
 * sending them, taken over when a lease runs out or its owner is dead.
 */
import type Database from 'better-sqlite3';
import type { ChannelId } from '../gateway/messages.ts';
import { encodeBody } from './codec.ts';
import type { GroupCommit } from './sqlite-group-commit.ts';
import { toOutboxItem, type OutboxRow } from './sqlite-rows.ts';
import type { Lease, NewOutbound, OutboxItem, OutboxStore } from './types.ts';

const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(', ');

const COLUMNS = 'seq, id, thread_id, channel, recipient, reply_address, reply_to, body, language, status, attempts, last_error, provider_message_id, created_at';

/** Adds replies to the outbox, leased to their sender; an id already there is skipped. Call inside a transaction. */
export type ReplyWriter = (threadId: string, inboxSeq: number | null, replies: (NewOutbound & { id: string })[], lease: Lease, now: number) => OutboxItem[];

export function replyWriter(db: Database.Database): ReplyWriter {
  const insert = db.prepare<unknown[], { seq: number }>(
    `INSERT INTO outbox (id, inbox_seq, thread_id, channel, recipient, reply_address, reply_to, body, language, lease_owner, lease_until, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING seq`,
  );
  return (threadId, inboxSeq, replies, lease, now) =>
    replies.flatMap((reply) => {
      const inserted = insert.get(
        reply.id,
        inboxSeq,
        threadId,
        reply.channel,
        reply.recipientAddress,
        reply.replyAddress ?? null,
        reply.replyTo ?? null,
        encodeBody(reply),
        reply.language,
        lease.owner,
        now + lease.ttlMs,
        now,
      );
      if (!inserted) return [];
      return [{ ...reply, seq: inserted.seq, threadId, status: 'pending' as const, attempts: 0, createdAt: new Date(now) }];
    });
}

/**
 * Takes over unsent replies whose lease ran out, or whose owner is known to be dead,
 * in one transaction so two processes never claim the same row.
 */
function claimReplies(db: Database.Database, channels: ChannelId[], lease: Lease, limit: number, isDead?: (owner: string) => boolean): OutboxRow[] {
  if (channels.length === 0) return [];
  const run = db.transaction(() => {
    const now = Date.now();
    const candidates = db
      .prepare<unknown[], { seq: number; lease_owner: string | null; lease_until: number }>(
        `SELECT seq, lease_owner, lease_until FROM outbox
         WHERE status = 'pending' AND channel IN (${placeholders(channels.length)}) AND (lease_owner IS NULL OR lease_owner <> ?)
         ORDER BY seq LIMIT ?`,
      )
      .all(...channels, lease.owner, limit * 4);
    const claimable = candidates
      .filter((row) => row.lease_until < now || row.lease_owner === null || isDead?.(row.lease_owner) === true)
      .slice(0, limit)
      .map((row) => row.seq);
    if (claimable.length === 0) return [];
    db.prepare(`UPDATE outbox SET lease_owner = ?, lease_until = ? WHERE seq IN (${placeholders(claimable.length)})`).run(lease.owner, now + lease.ttlMs, ...claimable);
    return db.prepare<unknown[], OutboxRow>(`SELECT ${COLUMNS} FROM outbox WHERE seq IN (${placeholders(claimable.length)}) ORDER BY seq`).all(...claimable);
  });
  return run.immediate();
}

export function sqliteOutbox(db: Database.Database, writes: GroupCommit, addReplies: ReplyWriter): OutboxStore {
  const enqueue = db.transaction((threadId: string, replies: (NewOutbound & { id: string })[], lease: Lease) => addReplies(threadId, null, replies, lease, Date.now()));
  const markSentStatement = db.prepare(
    "UPDATE outbox SET status = 'sent', sent_at = ?, provider_message_id = ?, lease_owner = NULL WHERE seq = ? AND status = 'pending'",
  );
  const markSent = db.transaction((seq: number, providerMessageId: string | null) => void markSentStatement.run(Date.now(), providerMessageId, seq));
  const release = db.prepare("UPDATE outbox SET lease_owner = NULL, lease_until = 0 WHERE seq = ? AND lease_owner = ? AND status = 'pending'");
  const markAttempt = db.prepare("UPDATE outbox SET attempts = attempts + 1, last_error = ?, status = CASE WHEN ? THEN 'failed' ELSE status END WHERE seq = ?");
  const byProviderId = db.prepare<[string, string], OutboxRow>(`SELECT ${COLUMNS} FROM outbox WHERE channel = ? AND provider_message_id = ?`);
  const setStatus = db.prepare('UPDATE outbox SET status = ?, last_error = COALESCE(?, last_error) WHERE seq = ?');
  const forRecipient = db.prepare<[string, string, number, number], OutboxRow>(
    `SELECT ${COLUMNS} FROM outbox WHERE channel = ? AND recipient = ? AND seq > ? ORDER BY seq LIMIT ?`,
  );
  const byId = db.prepare<[string], OutboxRow>(`SELECT ${COLUMNS} FROM outbox WHERE id = ?`);
  return {
    enqueue: async (threadId, replies, lease) => enqueue.immediate(threadId, replies, lease),
    claimExpired: async (channels, lease, limit, isDead) => claimReplies(db, channels, lease, limit, isDead).map(toOutboxItem),
    markSent: (seq, providerMessageId) => writes.run(markSent, seq, providerMessageId ?? null),
    release: async (seq, lease) => {
      release.run(seq, lease.owner);
    },
    markAttempt: async (seq, error, final) => {
      markAttempt.run(error, final ? 1 : 0, seq);
    },
    updateStatusByProviderId: async (channel, providerMessageId, status, error) => {
      const row = byProviderId.get(channel, providerMessageId);
      if (!row) return undefined;
      setStatus.run(status, error ?? null, row.seq);
      return toOutboxItem({ ...row, status, last_error: error ?? row.last_error });
    },
    listForRecipient: async (channel, recipient, afterSeq, limit) => forRecipient.all(channel, recipient, afterSeq, limit).map(toOutboxItem),
    getById: async (id) => {
      const row = byId.get(id);
      return row ? toOutboxItem(row) : undefined;
    },
  };
}
