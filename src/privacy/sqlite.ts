import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ticketSchema } from '../handoff/sql-runner.ts';
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
import type { AuditEntry, PersonData, PrivacyStore, Subject, SweepKind } from './types.ts';

/** Indexes the sweep needs so each batch finds its rows without scanning a table. Added after the tables they index. */
export const SQLITE_PRIVACY_SCHEMA = `
CREATE TABLE IF NOT EXISTS privacy_audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, subject_hash TEXT NOT NULL, counts TEXT NOT NULL);
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

const CLOSED = "status IN ('resolved', 'abandoned')";
const list = (values: string[]) => JSON.stringify(values);
const IN_LIST = 'IN (SELECT value FROM json_each(?))';

/** The privacy store on the gateway's SQLite connection. Every step is one synchronous transaction: nothing interleaves. */
export function sqlitePrivacyStore(db: Database.Database): PrivacyStore {
  const checkpointTables = () =>
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('checkpoints', 'writes')").all() as { name: string }[]).map((row) => row.name);
  const changes = (sql: string, ...params: unknown[]) => db.prepare(sql).run(...params).changes;
  const ids = (sql: string, ...params: unknown[]) => (db.prepare(sql).all(...params) as { id: string }[]).map((row) => row.id);

  /**
   * A page of the ids of `table` created before `cutoff`, oldest first, after the cursor `after`:
   * a pass walks only rows old enough to go (an index on created_at, id), never every person stored.
   */
  const page = (table: 'threads' | 'customers', cutoff: number, after: string, limit: number) => {
    const [afterAt, afterId] = readCursor(after);
    const rows = db
      .prepare(`SELECT id, created_at FROM ${table} WHERE created_at < ? AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?`)
      .all(cutoff, afterAt, afterId, limit) as { id: string; created_at: number }[];
    return { slice: rows.map((row) => row.id), next: rows.length === limit ? writeCursor(rows.at(-1)!) : undefined };
  };

  const sweeps: Record<SweepKind, (cutoff: number, limit: number, after: string) => { touched: number; after?: string }> = {
    inbox: (cutoff, limit) => ({
      touched: changes(`DELETE FROM inbox WHERE seq IN (SELECT seq FROM inbox WHERE created_at < ? AND status <> 'pending' ORDER BY created_at LIMIT ?)`, cutoff, limit),
    }),
    outbox: (cutoff, limit) => ({
      touched: changes(`DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox WHERE created_at < ? AND status <> 'pending' ORDER BY created_at LIMIT ?)`, cutoff, limit),
    }),
    webhooks: (cutoff, limit) => ({
      touched: changes(`DELETE FROM handoff_webhooks WHERE id IN (SELECT id FROM handoff_webhooks WHERE created_at < ? AND status <> 'pending' LIMIT ?)`, cutoff, limit),
    }),
    ticketTranscripts: (cutoff, limit) => {
      const due = ids(
        `SELECT id FROM handoff_tickets WHERE closed_at < ? AND ${CLOSED} AND json_extract(contact, '$.senderAddress') IS NOT NULL ORDER BY closed_at LIMIT ?`,
        cutoff,
        limit,
      );
      if (due.length === 0) return { touched: 0 };
      changes(`DELETE FROM handoff_events WHERE ticket_id ${IN_LIST}`, list(due));
      const touched = changes(
        `UPDATE handoff_tickets SET transcript = '[]', summary = '', contact = json_object('channel', json_extract(contact, '$.channel')),
           resolution = json_remove(resolution, '$.note'), slack_channel = NULL, slack_ts = NULL WHERE id ${IN_LIST}`,
        list(due),
      );
      return { touched };
    },
    tickets: (cutoff, limit) => {
      const due = ids(`SELECT id FROM handoff_tickets WHERE closed_at < ? AND ${CLOSED} ORDER BY closed_at LIMIT ?`, cutoff, limit);
      if (due.length === 0) return { touched: 0 };
      changes(`DELETE FROM handoff_events WHERE ticket_id ${IN_LIST}`, list(due));
      return { touched: changes(`DELETE FROM handoff_tickets WHERE id ${IN_LIST}`, list(due)) };
    },
    threads: (cutoff, limit, after) => {
      const { slice, next } = page('threads', cutoff, after, limit * 4);
      if (slice.length === 0) return { touched: 0 };
      const idle = ids(
        `SELECT t.id FROM threads t WHERE t.id ${IN_LIST} AND t.created_at < ?
           AND NOT EXISTS (SELECT 1 FROM inbox i WHERE i.thread_id = t.id)
           AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.thread_id = t.id AND o.status = 'pending')
           AND NOT EXISTS (SELECT 1 FROM handoff_tickets k WHERE k.thread_id = t.id AND k.status IN ('waiting', 'assigned'))
           AND NOT EXISTS (SELECT 1 FROM thread_leases l WHERE l.thread_id = t.id)`,
        list(slice),
        cutoff,
      );
      if (idle.length > 0) {
        for (const table of checkpointTables()) changes(`DELETE FROM ${table} WHERE thread_id ${IN_LIST}`, list(idle));
        changes(`DELETE FROM report_conversations WHERE thread_id ${IN_LIST}`, list(idle));
        changes(`DELETE FROM threads WHERE id ${IN_LIST}`, list(idle));
      }
      return { touched: idle.length, ...(next ? { after: next } : {}) };
    },
    customers: (cutoff, limit, after) => {
      const { slice, next } = page('customers', cutoff, after, limit * 4);
      if (slice.length === 0) return { touched: 0 };
      const idle = ids(`SELECT c.id FROM customers c WHERE c.id ${IN_LIST} AND c.created_at < ? AND NOT EXISTS (SELECT 1 FROM threads t WHERE t.customer_id = c.id)`, list(slice), cutoff);
      if (idle.length > 0) {
        changes(`DELETE FROM identities WHERE customer_id ${IN_LIST}`, list(idle));
        changes(`DELETE FROM customers WHERE id ${IN_LIST}`, list(idle));
      }
      return { touched: idle.length, ...(next ? { after: next } : {}) };
    },
    channelState: (cutoff, limit) => ({
      touched: changes(
        `DELETE FROM channel_state WHERE rowid IN (SELECT rowid FROM channel_state WHERE updated_at < ? AND key NOT LIKE 'opt-out%' ORDER BY updated_at LIMIT ?)`,
        cutoff,
        limit,
      ),
    }),
  };

  /** Threads and tickets of the subject's customers. */
  const scope = (subject: Subject) => {
    const threads = ids(`SELECT id FROM threads WHERE customer_id ${IN_LIST}`, list(subject.customerIds));
    const tickets = ids(`SELECT id FROM handoff_tickets WHERE customer_id ${IN_LIST} OR thread_id ${IN_LIST}`, list(subject.customerIds), list(threads));
    return { threads, tickets };
  };

  interface StateRow {
    channel: string;
    key: string;
    value: string;
    updated_at: number;
  }
  const stateOf = (subject: Subject): StateRow[] => {
    const found = new Map<string, StateRow>();
    const statement = db.prepare<[number, string, string], StateRow>(
      'SELECT channel, key, value, updated_at FROM channel_state WHERE lower(substr(key, -?)) = ? OR instr(lower(value), ?) > 0',
    );
    for (const address of subject.addresses) {
      const { keySuffix, quoted } = mentions(address);
      for (const row of statement.all(keySuffix.length, keySuffix, quoted)) found.set(`${row.channel}\u0000${row.key}`, row);
    }
    return [...found.values()];
  };

  return {
    async migrate() {
      db.exec(ticketSchema('sqlite'));
      db.exec(SQLITE_PRIVACY_SCHEMA);
    },

    async sweep(kind, cutoff, limit, after = '') {
      return db.transaction(() => sweeps[kind](cutoff, limit, after)).immediate();
    },

    async findSubject(addresses, customerIds) {
      const wanted = addresses.map((address) => address.trim().toLowerCase()).filter(Boolean);
      const found = new Set(customerIds.filter((id) => db.prepare('SELECT 1 FROM customers WHERE id = ?').get(id)));
      for (const id of ids(`SELECT DISTINCT customer_id AS id FROM identities WHERE lower(address) ${IN_LIST}`, list(wanted))) found.add(id);
      const known = (db.prepare(`SELECT address FROM identities WHERE customer_id ${IN_LIST}`).all(list([...found])) as { address: string }[]).map((row) => row.address.toLowerCase());
      return { customerIds: [...found], addresses: [...new Set([...wanted, ...known])] };
    },

    async collect(subject) {
      const { threads, tickets } = scope(subject);
      const customers = (db.prepare(`SELECT * FROM customers WHERE id ${IN_LIST} ORDER BY created_at`).all(list(subject.customerIds)) as CustomerRow[]).map((row) =>
        toExportedCustomer(row, db.prepare('SELECT namespace, address FROM identities WHERE customer_id = ? ORDER BY namespace').all(row.id) as { namespace: string; address: string }[]),
      );
      const messages = (db.prepare(`SELECT id, message FROM inbox WHERE customer_id ${IN_LIST} ORDER BY seq`).all(list(subject.customerIds)) as InboxExportRow[])
        .map(toExportedMessage)
        .filter((message) => message !== undefined);
      const replies = (
        db.prepare(`SELECT id, channel, recipient, body, language, status, created_at, reply_to FROM outbox WHERE thread_id ${IN_LIST} ORDER BY seq`).all(list(threads)) as OutboxExportRow[]
      ).map(toExportedReply);
      const events = db.prepare(`SELECT ticket_id, kind, author, text, created_at FROM handoff_events WHERE ticket_id ${IN_LIST} ORDER BY created_at, id`).all(list(tickets)) as EventExportRow[];
      const ticketRows = db.prepare(`SELECT * FROM handoff_tickets WHERE id ${IN_LIST} ORDER BY seq`).all(list(tickets)) as TicketExportRow[];
      const channelState = stateOf(subject)
        .filter((row) => row.key !== OPT_OUT_SALT_KEY)
        .map((row) => ({ channel: row.channel, key: row.key, value: JSON.parse(row.value) as unknown, updatedAt: new Date(row.updated_at).toISOString() }));
      return { customers, messages, replies, tickets: ticketRows.map((row) => toExportedTicket(row, events)), channelState } satisfies PersonData;
    },

    async erase(subject) {
      const counts: Record<string, number> = {};
      const count = (table: string, n: number) => {
        if (n > 0) counts[table] = (counts[table] ?? 0) + n;
      };
      db.transaction(() => {
        const { threads, tickets } = scope(subject);
        const agentThreads = tickets.map((id) => `handoff:${id}`);
        for (const table of checkpointTables()) count(table === 'writes' ? 'checkpoint_writes' : table, changes(`DELETE FROM ${table} WHERE thread_id ${IN_LIST}`, list(threads)));
        count('inbox', changes(`DELETE FROM inbox WHERE customer_id ${IN_LIST} OR thread_id ${IN_LIST}`, list(subject.customerIds), list(threads)));
        count(
          'outbox',
          changes(`DELETE FROM outbox WHERE thread_id ${IN_LIST} OR thread_id ${IN_LIST} OR lower(recipient) ${IN_LIST}`, list(threads), list(agentThreads), list(subject.addresses)),
        );
        count('thread_leases', changes(`DELETE FROM thread_leases WHERE thread_id ${IN_LIST}`, list(threads)));
        // Reports keep their anonymous counts; the conversation rows name the thread (src/reports/).
        count('report_conversations', changes(`DELETE FROM report_conversations WHERE thread_id ${IN_LIST}`, list(threads)));
        count('handoff_events', changes(`DELETE FROM handoff_events WHERE ticket_id ${IN_LIST}`, list(tickets)));
        for (const ticket of tickets) count('handoff_webhooks', changes('DELETE FROM handoff_webhooks WHERE instr(payload, ?) > 0', ticket));
        const anonymise = db.prepare(
          `UPDATE handoff_tickets SET customer_id = 'erased', thread_id = 'erased:' || id, contact = ?, transcript = '[]', summary = '',
             resolution = json_remove(resolution, '$.note'), slack_channel = NULL, slack_ts = NULL,
             status = CASE WHEN status IN ('waiting', 'assigned') THEN 'abandoned' ELSE status END, resume_queued = 1, closed_at = COALESCE(closed_at, ?) WHERE id = ?`,
        );
        for (const ticket of tickets) {
          const { contact } = db.prepare('SELECT contact FROM handoff_tickets WHERE id = ?').get(ticket) as { contact: string };
          count('handoff_tickets (anonymised)', anonymise.run(anonymousContact(contact), Date.now(), ticket).changes);
        }
        count('threads', changes(`DELETE FROM threads WHERE id ${IN_LIST}`, list(threads)));
        count('identities', changes(`DELETE FROM identities WHERE customer_id ${IN_LIST}`, list(subject.customerIds)));
        count('customers', changes(`DELETE FROM customers WHERE id ${IN_LIST}`, list(subject.customerIds)));
        for (const row of stateOf(subject)) {
          if (row.key === OPT_OUT_SALT_KEY) continue;
          changes('DELETE FROM channel_state WHERE channel = ? AND key = ?', row.channel, row.key);
          const address = row.key.startsWith('opt-out:') && !row.key.startsWith('opt-out:#') ? row.key.slice('opt-out:'.length) : undefined;
          if (!address) {
            count('channel_state', 1);
            continue;
          }
          db.prepare('INSERT INTO channel_state (channel, key, value, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (channel, key) DO NOTHING').run(
            row.channel,
            OPT_OUT_SALT_KEY,
            JSON.stringify(randomBytes(32).toString('hex')),
            Date.now(),
          );
          const salt = JSON.parse((db.prepare('SELECT value FROM channel_state WHERE channel = ? AND key = ?').get(row.channel, OPT_OUT_SALT_KEY) as { value: string }).value) as string;
          db.prepare('INSERT INTO channel_state (channel, key, value, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (channel, key) DO NOTHING').run(
            row.channel,
            hashedOptOutKey(salt, address),
            row.value,
            row.updated_at,
          );
          count('channel_state (opt-outs kept as a keyed hash)', 1);
        }
      }).immediate();
      return counts;
    },

    async privacyKey() {
      db.prepare("INSERT INTO privacy_keys (name, value) VALUES ('subject', ?) ON CONFLICT (name) DO NOTHING").run(randomBytes(32).toString('hex'));
      return (db.prepare("SELECT value FROM privacy_keys WHERE name = 'subject'").get() as { value: string }).value;
    },

    async audit(entry) {
      db.prepare('INSERT INTO privacy_audit (at, actor, action, subject_hash, counts) VALUES (?, ?, ?, ?, ?)').run(
        entry.at.getTime(),
        entry.actor,
        entry.action,
        entry.subjectHash,
        JSON.stringify(entry.counts),
      );
    },

    async auditLog(limit) {
      const rows = db.prepare('SELECT * FROM privacy_audit ORDER BY seq DESC LIMIT ?').all(limit) as { at: number; actor: string; action: AuditEntry['action']; subject_hash: string; counts: string }[];
      return rows.map((row) => ({ at: new Date(row.at), actor: row.actor, action: row.action, subjectHash: row.subject_hash, counts: JSON.parse(row.counts) as Record<string, number> }));
    },
  };
}
