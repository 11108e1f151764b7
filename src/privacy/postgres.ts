import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { ticketSchema } from '../handoff/sql-runner.ts';
import { inTransaction } from '../store/pg-transaction.ts';
import { hashedOptOutKey, OPT_OUT_SALT_KEY } from './opt-out-key.ts';
import {
  anonymousContact,
  mentions,
  toExportedCustomer,
  toExportedMessage,
  toExportedReply,
  toExportedTicket,
  type CustomerRow,
  type EventExportRow,
  type InboxExportRow,
  type OutboxExportRow,
  type TicketExportRow,
  readCursor,
  writeCursor,
} from './rows.ts';
import type { AuditEntry, PersonData, PrivacyStore, Subject, SweepKind, SweepStep } from './types.ts';

export const POSTGRES_PRIVACY_SCHEMA = `
CREATE TABLE IF NOT EXISTS privacy_audit (seq BIGSERIAL PRIMARY KEY, at BIGINT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, subject_hash TEXT NOT NULL, counts TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS privacy_keys (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS inbox_created ON inbox (created_at);
CREATE INDEX IF NOT EXISTS inbox_thread ON inbox (thread_id);
CREATE INDEX IF NOT EXISTS outbox_created ON outbox (created_at);
CREATE INDEX IF NOT EXISTS identities_customer ON identities (customer_id);
CREATE INDEX IF NOT EXISTS threads_created ON threads (created_at, id);
CREATE INDEX IF NOT EXISTS customers_created ON customers (created_at, id);
CREATE INDEX IF NOT EXISTS channel_state_updated ON channel_state (updated_at) WHERE key NOT LIKE 'opt-out%';
CREATE INDEX IF NOT EXISTS handoff_tickets_closed ON handoff_tickets (closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS handoff_webhooks_created ON handoff_webhooks (created_at);
`;

/** Replicas starting together create the indexes one after the other. */
const MIGRATION_LOCK = 0x5b0a_4d21;
const CLOSED = "status IN ('resolved', 'abandoned')";
const CHECKPOINT_TABLES = ['checkpoint_writes', 'checkpoint_blobs', 'checkpoints'];

type Client = pg.PoolClient;

/**
 * The privacy store on the gateway's PostgreSQL pool. Batches pick their rows with
 * `FOR UPDATE SKIP LOCKED`, so replicas sweeping at once split the work instead of waiting.
 */
export function postgresPrivacyStore(pool: pg.Pool): PrivacyStore {
  const transaction = <T>(work: (client: Client) => Promise<T>) => inTransaction(pool, work);
  const ids = async (client: Client | pg.Pool, sql: string, params: unknown[]) => (await client.query<{ id: string }>(sql, params)).rows.map((row) => row.id);
  const changes = async (client: Client, sql: string, params: unknown[]) => (await client.query(sql, params)).rowCount ?? 0;

  /** Ids of `table` created before `cutoff`, oldest first, after the cursor: a pass walks only rows old enough to go. */
  const page = async (client: Client, table: 'threads' | 'customers', cutoff: number, after: string, limit: number) => {
    const [afterAt, afterId] = readCursor(after);
    const { rows } = await client.query<{ id: string; created_at: string }>(
      `SELECT id, created_at FROM ${table} WHERE created_at < $1 AND (created_at, id) > ($2, $3) ORDER BY created_at, id LIMIT $4`,
      [cutoff, afterAt, afterId, limit],
    );
    return { slice: rows.map((row) => row.id), next: rows.length === limit ? writeCursor(rows.at(-1)!) : undefined };
  };

  const sweeps: Record<SweepKind, (client: Client, cutoff: number, limit: number, after: string) => Promise<SweepStep>> = {
    inbox: async (client, cutoff, limit) => ({
      touched: await changes(
        client,
        `DELETE FROM inbox WHERE seq IN (SELECT seq FROM inbox WHERE created_at < $1 AND status <> 'pending' ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [cutoff, limit],
      ),
    }),
    outbox: async (client, cutoff, limit) => ({
      touched: await changes(
        client,
        `DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox WHERE created_at < $1 AND status <> 'pending' ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [cutoff, limit],
      ),
    }),
    webhooks: async (client, cutoff, limit) => ({
      touched: await changes(
        client,
        `DELETE FROM handoff_webhooks WHERE id IN (SELECT id FROM handoff_webhooks WHERE created_at < $1 AND status <> 'pending' LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [cutoff, limit],
      ),
    }),
    ticketTranscripts: async (client, cutoff, limit) => {
      const due = await ids(
        client,
        `SELECT id FROM handoff_tickets WHERE closed_at < $1 AND ${CLOSED} AND (contact::jsonb ? 'senderAddress') ORDER BY closed_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [cutoff, limit],
      );
      if (due.length === 0) return { touched: 0 };
      await client.query('DELETE FROM handoff_events WHERE ticket_id = ANY($1)', [due]);
      const touched = await changes(
        client,
        `UPDATE handoff_tickets SET transcript = '[]', summary = '', contact = json_build_object('channel', contact::jsonb ->> 'channel')::text,
           resolution = (resolution::jsonb - 'note')::text, slack_channel = NULL, slack_ts = NULL WHERE id = ANY($1)`,
        [due],
      );
      return { touched };
    },
    tickets: async (client, cutoff, limit) => {
      const due = await ids(client, `SELECT id FROM handoff_tickets WHERE closed_at < $1 AND ${CLOSED} ORDER BY closed_at LIMIT $2 FOR UPDATE SKIP LOCKED`, [cutoff, limit]);
      if (due.length === 0) return { touched: 0 };
      await client.query('DELETE FROM handoff_events WHERE ticket_id = ANY($1)', [due]);
      return { touched: await changes(client, 'DELETE FROM handoff_tickets WHERE id = ANY($1)', [due]) };
    },
    threads: async (client, cutoff, limit, after) => {
      const { slice, next } = await page(client, 'threads', cutoff, after, limit * 4);
      if (slice.length === 0) return { touched: 0 };
      // Locking the thread row orders this against an insert into the thread (which locks it too).
      const idle = await ids(
        client,
        `SELECT t.id FROM threads t WHERE t.id = ANY($1) AND t.created_at < $2
           AND NOT EXISTS (SELECT 1 FROM inbox i WHERE i.thread_id = t.id)
           AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.thread_id = t.id AND o.status = 'pending')
           AND NOT EXISTS (SELECT 1 FROM handoff_tickets k WHERE k.thread_id = t.id AND k.status IN ('waiting', 'assigned'))
           AND NOT EXISTS (SELECT 1 FROM thread_leases l WHERE l.thread_id = t.id)
         FOR UPDATE SKIP LOCKED`,
        [slice, cutoff],
      );
      if (idle.length > 0) {
        for (const table of CHECKPOINT_TABLES) await client.query(`DELETE FROM ${table} WHERE thread_id = ANY($1)`, [idle]);
        await client.query('DELETE FROM report_conversations WHERE thread_id = ANY($1)', [idle]);
        await client.query('DELETE FROM threads WHERE id = ANY($1)', [idle]);
      }
      return { touched: idle.length, ...(next ? { after: next } : {}) };
    },
    customers: async (client, cutoff, limit, after) => {
      const { slice, next } = await page(client, 'customers', cutoff, after, limit * 4);
      if (slice.length === 0) return { touched: 0 };
      const idle = await ids(
        client,
        `SELECT c.id FROM customers c WHERE c.id = ANY($1) AND c.created_at < $2 AND NOT EXISTS (SELECT 1 FROM threads t WHERE t.customer_id = c.id) FOR UPDATE SKIP LOCKED`,
        [slice, cutoff],
      );
      if (idle.length > 0) {
        await client.query('DELETE FROM identities WHERE customer_id = ANY($1)', [idle]);
        await client.query('DELETE FROM customers WHERE id = ANY($1)', [idle]);
      }
      return { touched: idle.length, ...(next ? { after: next } : {}) };
    },
    channelState: async (client, cutoff, limit) => ({
      touched: await changes(
        client,
        `DELETE FROM channel_state WHERE (channel, key) IN (SELECT channel, key FROM channel_state WHERE updated_at < $1 AND key NOT LIKE 'opt-out%' ORDER BY updated_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [cutoff, limit],
      ),
    }),
  };

  const scope = async (client: Client, subject: Subject) => {
    const threads = await ids(client, 'SELECT id FROM threads WHERE customer_id = ANY($1)', [subject.customerIds]);
    const tickets = await ids(client, 'SELECT id FROM handoff_tickets WHERE customer_id = ANY($1) OR thread_id = ANY($2)', [subject.customerIds, threads]);
    return { threads, tickets };
  };

  interface StateRow {
    channel: string;
    key: string;
    value: unknown;
    updated_at: number;
  }
  const stateOf = async (client: Client, subject: Subject): Promise<StateRow[]> => {
    const found = new Map<string, StateRow>();
    for (const address of subject.addresses) {
      const { keySuffix, quoted } = mentions(address);
      const { rows } = await client.query<StateRow>(
        'SELECT channel, key, value, updated_at FROM channel_state WHERE lower(right(key, $1)) = $2 OR strpos(lower(value::text), $3) > 0',
        [keySuffix.length, keySuffix, quoted],
      );
      for (const row of rows) found.set(`${row.channel}\u0000${row.key}`, row);
    }
    return [...found.values()];
  };

  return {
    async migrate() {
      await transaction(async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        await client.query(ticketSchema('postgres'));
        await client.query(POSTGRES_PRIVACY_SCHEMA);
      });
    },

    sweep: (kind, cutoff, limit, after = '') => transaction((client) => sweeps[kind](client, cutoff, limit, after)),

    findSubject: (addresses, customerIds) =>
      transaction(async (client) => {
        const wanted = addresses.map((address) => address.trim().toLowerCase()).filter(Boolean);
        const found = new Set(await ids(client, 'SELECT id FROM customers WHERE id = ANY($1)', [customerIds]));
        for (const id of await ids(client, 'SELECT DISTINCT customer_id AS id FROM identities WHERE lower(address) = ANY($1)', [wanted])) found.add(id);
        const { rows } = await client.query<{ address: string }>('SELECT address FROM identities WHERE customer_id = ANY($1)', [[...found]]);
        return { customerIds: [...found], addresses: [...new Set([...wanted, ...rows.map((row) => row.address.toLowerCase())])] };
      }),

    collect: (subject) =>
      transaction(async (client) => {
        const { threads, tickets } = await scope(client, subject);
        const customerRows = (await client.query<CustomerRow>('SELECT * FROM customers WHERE id = ANY($1) ORDER BY created_at', [subject.customerIds])).rows;
        const customers = [];
        for (const row of customerRows) {
          const identities = (await client.query<{ namespace: string; address: string }>('SELECT namespace, address FROM identities WHERE customer_id = $1 ORDER BY namespace', [row.id])).rows;
          customers.push(toExportedCustomer(row, identities));
        }
        const messages = (await client.query<InboxExportRow>('SELECT id, message FROM inbox WHERE customer_id = ANY($1) ORDER BY seq', [subject.customerIds])).rows
          .map(toExportedMessage)
          .filter((message) => message !== undefined);
        const replies = (
          await client.query<OutboxExportRow>('SELECT id, channel, recipient, body, language, status, created_at, reply_to FROM outbox WHERE thread_id = ANY($1) ORDER BY seq', [threads])
        ).rows.map(toExportedReply);
        const events = (await client.query<EventExportRow>('SELECT ticket_id, kind, author, text, created_at FROM handoff_events WHERE ticket_id = ANY($1) ORDER BY created_at, id', [tickets])).rows;
        const ticketRows = (await client.query<TicketExportRow>('SELECT * FROM handoff_tickets WHERE id = ANY($1) ORDER BY seq', [tickets])).rows;
        const channelState = (await stateOf(client, subject))
          .filter((row) => row.key !== OPT_OUT_SALT_KEY)
          .map((row) => ({ channel: row.channel, key: row.key, value: row.value, updatedAt: new Date(Number(row.updated_at)).toISOString() }));
        return { customers, messages, replies, tickets: ticketRows.map((row) => toExportedTicket(row, events)), channelState } satisfies PersonData;
      }),

    erase: (subject) =>
      transaction(async (client) => {
        const counts: Record<string, number> = {};
        const count = (table: string, n: number) => {
          if (n > 0) counts[table] = (counts[table] ?? 0) + n;
        };
        // The person's threads stay locked until the end: no turn of theirs writes in between.
        await client.query('SELECT 1 FROM threads WHERE customer_id = ANY($1) FOR UPDATE', [subject.customerIds]);
        const { threads, tickets } = await scope(client, subject);
        const agentThreads = tickets.map((id) => `handoff:${id}`);
        for (const table of CHECKPOINT_TABLES) count(table, await changes(client, `DELETE FROM ${table} WHERE thread_id = ANY($1)`, [threads]));
        count('inbox', await changes(client, 'DELETE FROM inbox WHERE customer_id = ANY($1) OR thread_id = ANY($2)', [subject.customerIds, threads]));
        count(
          'outbox',
          await changes(client, 'DELETE FROM outbox WHERE thread_id = ANY($1) OR thread_id = ANY($2) OR lower(recipient) = ANY($3)', [threads, agentThreads, subject.addresses]),
        );
        count('thread_leases', await changes(client, 'DELETE FROM thread_leases WHERE thread_id = ANY($1)', [threads]));
        // Reports keep their anonymous counts; the conversation rows name the thread (src/reports/).
        count('report_conversations', await changes(client, 'DELETE FROM report_conversations WHERE thread_id = ANY($1)', [threads]));
        count('handoff_events', await changes(client, 'DELETE FROM handoff_events WHERE ticket_id = ANY($1)', [tickets]));
        for (const ticket of tickets) count('handoff_webhooks', await changes(client, 'DELETE FROM handoff_webhooks WHERE strpos(payload, $1) > 0', [ticket]));
        for (const ticket of tickets) {
          const { rows } = await client.query<{ contact: string }>('SELECT contact FROM handoff_tickets WHERE id = $1', [ticket]);
          count(
            'handoff_tickets (anonymised)',
            await changes(
              client,
              `UPDATE handoff_tickets SET customer_id = 'erased', thread_id = 'erased:' || id, contact = $1, transcript = '[]', summary = '',
                 resolution = (resolution::jsonb - 'note')::text, slack_channel = NULL, slack_ts = NULL,
                 status = CASE WHEN status IN ('waiting', 'assigned') THEN 'abandoned' ELSE status END, resume_queued = 1, closed_at = COALESCE(closed_at, $2) WHERE id = $3`,
              [anonymousContact(rows[0]!.contact), Date.now(), ticket],
            ),
          );
        }
        count('threads', await changes(client, 'DELETE FROM threads WHERE id = ANY($1)', [threads]));
        count('identities', await changes(client, 'DELETE FROM identities WHERE customer_id = ANY($1)', [subject.customerIds]));
        count('customers', await changes(client, 'DELETE FROM customers WHERE id = ANY($1)', [subject.customerIds]));
        for (const row of await stateOf(client, subject)) {
          if (row.key === OPT_OUT_SALT_KEY) continue;
          await client.query('DELETE FROM channel_state WHERE channel = $1 AND key = $2', [row.channel, row.key]);
          const address = row.key.startsWith('opt-out:') && !row.key.startsWith('opt-out:#') ? row.key.slice('opt-out:'.length) : undefined;
          if (!address) {
            count('channel_state', 1);
            continue;
          }
          await client.query('INSERT INTO channel_state (channel, key, value, updated_at) VALUES ($1, $2, $3, $4) ON CONFLICT (channel, key) DO NOTHING', [
            row.channel,
            OPT_OUT_SALT_KEY,
            JSON.stringify(randomBytes(32).toString('hex')),
            Date.now(),
          ]);
          const salt = (await client.query<{ value: string }>('SELECT value FROM channel_state WHERE channel = $1 AND key = $2', [row.channel, OPT_OUT_SALT_KEY])).rows[0]!.value;
          await client.query('INSERT INTO channel_state (channel, key, value, updated_at) VALUES ($1, $2, $3, $4) ON CONFLICT (channel, key) DO NOTHING', [
            row.channel,
            hashedOptOutKey(salt, address),
            JSON.stringify(row.value),
            row.updated_at,
          ]);
          count('channel_state (opt-outs kept as a keyed hash)', 1);
        }
        return counts;
      }),

    async privacyKey() {
      await pool.query("INSERT INTO privacy_keys (name, value) VALUES ('subject', $1) ON CONFLICT (name) DO NOTHING", [randomBytes(32).toString('hex')]);
      return (await pool.query<{ value: string }>("SELECT value FROM privacy_keys WHERE name = 'subject'")).rows[0]!.value;
    },

    async audit(entry) {
      await pool.query('INSERT INTO privacy_audit (at, actor, action, subject_hash, counts) VALUES ($1, $2, $3, $4, $5)', [
        entry.at.getTime(),
        entry.actor,
        entry.action,
        entry.subjectHash,
        JSON.stringify(entry.counts),
      ]);
    },

    async auditLog(limit) {
      const { rows } = await pool.query<{ at: number; actor: string; action: AuditEntry['action']; subject_hash: string; counts: string }>(
        'SELECT * FROM privacy_audit ORDER BY seq DESC LIMIT $1',
        [limit],
      );
      return rows.map((row) => ({ at: new Date(Number(row.at)), actor: row.actor, action: row.action, subjectHash: row.subject_hash, counts: JSON.parse(row.counts) as Record<string, number> }));
    },
  };
}
