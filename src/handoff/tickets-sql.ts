import { ticketSchema, type SqlRunner } from './sql-runner.ts';
import type { ClaimOutcome, CustomerContact, NewTicket, Ticket, TicketEvent, TicketQuery, TicketStore, WebhookDelivery } from './types.ts';

interface TicketRow {
  seq: number | string;
  id: string;
  source_message_id: string;
  thread_id: string;
  customer_id: string;
  contact: string;
  language: string;
  market: string;
  tier: string;
  department: string;
  queue: string;
  reason: string;
  summary: string;
  transcript: string;
  status: Ticket['status'];
  priority: number | string;
  assignee: string | null;
  created_at: number | string;
  assigned_at: number | string | null;
  first_response_at: number | string | null;
  closed_at: number | string | null;
  first_response_due: number | string;
  resolution_due: number | string;
  assign_timeout_at: number | string;
  breach_first: number | string;
  breach_resolution: number | string;
  resolution: string | null;
  resumed_by: string | null;
  resume_queued: number | string;
  rating: number | string | null;
  slack_channel: string | null;
  slack_ts: string | null;
}

// PostgreSQL returns BIGINT as strings: every number goes through Number().
const date = (value: number | string) => new Date(Number(value));
const maybeDate = (value: number | string | null) => (value === null ? undefined : date(value));

function toTicket(row: TicketRow): Ticket {
  return {
    id: row.id,
    number: Number(row.seq),
    sourceMessageId: row.source_message_id,
    threadId: row.thread_id,
    customerId: row.customer_id,
    contact: JSON.parse(row.contact) as CustomerContact,
    language: row.language,
    market: row.market,
    tier: row.tier,
    department: row.department,
    queue: row.queue,
    reason: row.reason,
    summary: row.summary,
    transcript: JSON.parse(row.transcript) as Ticket['transcript'],
    status: row.status,
    priority: Number(row.priority),
    ...(row.assignee ? { assignee: row.assignee } : {}),
    createdAt: date(row.created_at),
    assignedAt: maybeDate(row.assigned_at),
    firstResponseAt: maybeDate(row.first_response_at),
    closedAt: maybeDate(row.closed_at),
    firstResponseDue: date(row.first_response_due),
    resolutionDue: date(row.resolution_due),
    assignTimeoutAt: date(row.assign_timeout_at),
    breaches: { firstResponse: Number(row.breach_first) === 1, resolution: Number(row.breach_resolution) === 1 },
    ...(row.resolution ? { resolution: JSON.parse(row.resolution) as Ticket['resolution'] } : {}),
    ...(row.resumed_by ? { resumedBy: row.resumed_by } : {}),
    resumeQueued: Number(row.resume_queued) === 1,
    ...(row.rating !== null ? { rating: Number(row.rating) } : {}),
    ...(row.slack_channel && row.slack_ts ? { slack: { channel: row.slack_channel, ts: row.slack_ts } } : {}),
  };
}

const OPEN = "status IN ('waiting', 'assigned')";
const marks = (count: number) => Array.from({ length: count }, () => '?').join(', ');

/** The ticket store on any {@link SqlRunner}: every state change is one conditional statement, so replicas agree. */
export function createSqlTicketStore(db: SqlRunner): TicketStore {
  const one = async (sql: string, params: unknown[]) => {
    const [row] = await db.all<TicketRow>(sql, params);
    return row ? toTicket(row) : undefined;
  };
  const get = (id: string) => one('SELECT * FROM handoff_tickets WHERE id = ?', [id]);

  return {
    migrate: () => db.exec(ticketSchema(db.dialect)),
    get,

    async open(ticket: NewTicket) {
      const changed = await db.run(
        `INSERT INTO handoff_tickets (id, source_message_id, thread_id, customer_id, contact, language, market, tier, department, queue, reason,
           summary, transcript, priority, created_at, first_response_due, resolution_due, assign_timeout_at)
         VALUES (${marks(18)}) ON CONFLICT DO NOTHING`,
        [
          ticket.id, ticket.sourceMessageId, ticket.threadId, ticket.customerId, JSON.stringify(ticket.contact), ticket.language, ticket.market,
          ticket.tier, ticket.department, ticket.queue, ticket.reason, ticket.summary, JSON.stringify(ticket.transcript), ticket.priority,
          ticket.createdAt.getTime(), ticket.firstResponseDue.getTime(), ticket.resolutionDue.getTime(), ticket.assignTimeoutAt.getTime(),
        ],
      );
      const existing = (await one('SELECT * FROM handoff_tickets WHERE source_message_id = ?', [ticket.sourceMessageId])) ?? (await this.openForThread(ticket.threadId));
      if (!existing) throw new Error(`ticket for message ${ticket.sourceMessageId} neither opened nor found`);
      return { ticket: existing, created: changed === 1 };
    },

    openForThread: (threadId) => one(`SELECT * FROM handoff_tickets WHERE thread_id = ? AND ${OPEN}`, [threadId]),
    latestForThread: (threadId) => one('SELECT * FROM handoff_tickets WHERE thread_id = ? ORDER BY seq DESC LIMIT 1', [threadId]),
    bySlackThread: (channel, ts) => one('SELECT * FROM handoff_tickets WHERE slack_channel = ? AND slack_ts = ? ORDER BY seq DESC LIMIT 1', [channel, ts]),

    async setSlackPost(id, channel, ts) {
      await db.run('UPDATE handoff_tickets SET slack_channel = ?, slack_ts = ? WHERE id = ?', [channel, ts, id]);
    },

    async claim(id, agent, now): Promise<ClaimOutcome> {
      const changed = await db.run("UPDATE handoff_tickets SET status = 'assigned', assignee = ?, assigned_at = ? WHERE id = ? AND status = 'waiting'", [
        agent,
        now.getTime(),
        id,
      ]);
      const ticket = await get(id);
      if (!ticket) return { kind: 'missing' };
      if (changed === 1) return { kind: 'claimed', ticket };
      if (ticket.status === 'assigned') return { kind: ticket.assignee === agent ? 'already_yours' : 'taken', ticket };
      return { kind: 'closed', ticket };
    },

    async transfer(id, queue, dues) {
      const changed = await db.run(
        `UPDATE handoff_tickets SET queue = ?, status = 'waiting', assignee = NULL, assigned_at = NULL, breach_first = 0, breach_resolution = 0,
           first_response_due = ?, resolution_due = ?, assign_timeout_at = ? WHERE id = ? AND ${OPEN}`,
        [queue, dues.firstResponseDue.getTime(), dues.resolutionDue.getTime(), dues.assignTimeoutAt.getTime(), id],
      );
      return changed === 1 ? get(id) : undefined;
    },

    async close(id, status, resolution, now) {
      const changed = await db.run(`UPDATE handoff_tickets SET status = ?, closed_at = ?, resolution = ? WHERE id = ? AND ${OPEN}`, [
        status,
        now.getTime(),
        resolution ? JSON.stringify(resolution) : null,
        id,
      ]);
      return changed === 1 ? get(id) : undefined;
    },

    async markResumeQueued(id) {
      await db.run('UPDATE handoff_tickets SET resume_queued = 1 WHERE id = ?', [id]);
    },

    async claimResume(id, messageId) {
      await db.run('UPDATE handoff_tickets SET resumed_by = ? WHERE id = ? AND resumed_by IS NULL', [messageId, id]);
      return (await get(id))?.resumedBy === messageId;
    },

    pendingResumes: async (limit) =>
      (await db.all<TicketRow>("SELECT * FROM handoff_tickets WHERE status IN ('resolved', 'abandoned') AND resume_queued = 0 ORDER BY seq LIMIT ?", [limit])).map(toTicket),

    async setRating(id, rating) {
      await db.run('UPDATE handoff_tickets SET rating = ? WHERE id = ?', [rating, id]);
    },

    async recordFirstResponse(id, now) {
      await db.run('UPDATE handoff_tickets SET first_response_at = ? WHERE id = ? AND first_response_at IS NULL', [now.getTime(), id]);
    },

    async updateContact(id, contact) {
      await db.run('UPDATE handoff_tickets SET contact = ? WHERE id = ?', [JSON.stringify(contact), id]);
    },

    async list(query: TicketQuery) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (query.queues) {
        if (query.queues.length === 0) return [];
        where.push(`queue IN (${marks(query.queues.length)})`);
        params.push(...query.queues);
      }
      if (query.statuses?.length) {
        where.push(`status IN (${marks(query.statuses.length)})`);
        params.push(...query.statuses);
      }
      const rows = await db.all<TicketRow>(
        `SELECT * FROM handoff_tickets ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY CASE status WHEN 'waiting' THEN 0 WHEN 'assigned' THEN 1 ELSE 2 END, priority DESC, CASE WHEN status = 'waiting' THEN seq ELSE -seq END LIMIT ?`,
        [...params, query.limit ?? 200],
      );
      return rows.map(toTicket);
    },

    async position(ticket) {
      const [row] = await db.all<{ n: number | string }>(
        "SELECT count(*) AS n FROM handoff_tickets WHERE queue = ? AND status = 'waiting' AND (priority > ? OR (priority = ? AND seq < ?))",
        [ticket.queue, ticket.priority, ticket.priority, ticket.number],
      );
      return Number(row?.n ?? 0) + 1;
    },

    async recentWaitMs(queue, sample) {
      const rows = await db.all<{ waited: number | string }>(
        'SELECT assigned_at - created_at AS waited FROM handoff_tickets WHERE queue = ? AND assigned_at IS NOT NULL ORDER BY assigned_at DESC LIMIT ?',
        [queue, sample],
      );
      if (rows.length === 0) return undefined;
      return rows.reduce((sum, row) => sum + Number(row.waited), 0) / rows.length;
    },

    async addEvent(event: TicketEvent) {
      const changed = await db.run('INSERT INTO handoff_events (id, ticket_id, kind, author, text, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING', [
        event.id,
        event.ticketId,
        event.kind,
        event.author ?? null,
        event.text,
        event.createdAt.getTime(),
      ]);
      return changed === 1;
    },

    async events(ticketId) {
      const rows = await db.all<{ id: string; ticket_id: string; kind: TicketEvent['kind']; author: string | null; text: string; created_at: number | string }>(
        'SELECT * FROM handoff_events WHERE ticket_id = ? ORDER BY created_at, id',
        [ticketId],
      );
      return rows.map((row) => ({ id: row.id, ticketId: row.ticket_id, kind: row.kind, ...(row.author ? { author: row.author } : {}), text: row.text, createdAt: date(row.created_at) }));
    },

    async dueBreaches(now, limit) {
      const at = now.getTime();
      const rows = await db.all<TicketRow>(
        `SELECT * FROM handoff_tickets WHERE ${OPEN} AND ((breach_first = 0 AND first_response_at IS NULL AND first_response_due <= ?)
           OR (breach_resolution = 0 AND resolution_due <= ?)) ORDER BY seq LIMIT ?`,
        [at, at, limit],
      );
      return rows.map(toTicket).map((ticket) => ({
        ticket,
        kind: !ticket.breaches.firstResponse && !ticket.firstResponseAt && ticket.firstResponseDue.getTime() <= at ? ('firstResponse' as const) : ('resolution' as const),
      }));
    },

    async markBreach(id, kind) {
      const column = kind === 'firstResponse' ? 'breach_first' : 'breach_resolution';
      return (await db.run(`UPDATE handoff_tickets SET ${column} = 1, priority = priority + 1 WHERE id = ? AND ${column} = 0 AND ${OPEN}`, [id])) === 1;
    },

    dueTimeouts: async (now, limit) =>
      (await db.all<TicketRow>("SELECT * FROM handoff_tickets WHERE status = 'waiting' AND assign_timeout_at <= ? ORDER BY seq LIMIT ?", [now.getTime(), limit])).map(toTicket),

    async queueWebhook(id, event, payload, now) {
      await db.run('INSERT INTO handoff_webhooks (id, event, payload, next_at, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING', [
        id,
        event,
        payload,
        now.getTime(),
        now.getTime(),
      ]);
    },

    async claimWebhooks(now, leaseMs, limit): Promise<WebhookDelivery[]> {
      const at = now.getTime();
      const rows = await db.all<{ id: string; event: string; payload: string; attempts: number | string }>(
        `UPDATE handoff_webhooks SET lease_until = ? WHERE lease_until <= ? AND id IN
           (SELECT id FROM handoff_webhooks WHERE status = 'pending' AND next_at <= ? AND lease_until <= ? ORDER BY created_at LIMIT ?)
         RETURNING id, event, payload, attempts`,
        [at + leaseMs, at, at, at, limit],
      );
      return rows.map((row) => ({ ...row, attempts: Number(row.attempts) }));
    },

    async webhookDone(id) {
      await db.run("UPDATE handoff_webhooks SET status = 'sent', lease_until = 0 WHERE id = ?", [id]);
    },

    async webhookFailed(id, retryAt, final, error) {
      await db.run('UPDATE handoff_webhooks SET attempts = attempts + 1, status = ?, next_at = ?, lease_until = 0, last_error = ? WHERE id = ?', [
        final ? 'failed' : 'pending',
        retryAt.getTime(),
        error.slice(0, 500),
        id,
      ]);
    },
  };
}
