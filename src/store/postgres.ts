import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PostgresSaver } from '@langchain/langgraph-checkpoint-postgres';
import { fastCheckpointSerde } from './checkpoint-saver.ts';
import type { ChannelStateStore } from '../gateway/channel.ts';
import type { ChannelId, ReplyDraft } from '../gateway/messages.ts';
import { POSTGRES_MIGRATIONS } from './postgres-schema.ts';
import { describeFault } from './faults.ts';
import { INBOX_COLUMNS, OUTBOX_COLUMNS, toInboxItem, toOutboxItem, type InboxRow, type OutboxRow } from './postgres-rows.ts';
import type {
  Customer,
  CustomerStore,
  InboxStore,
  Lease,
  NewOutbound,
  OutboxItem,
  OutboxStore,
  Store,
  StoreHealth,
  ThreadLeaseStore,
} from './types.ts';
import { inTransaction } from './pg-transaction.ts';

/** Any key works as long as every replica uses the same one: it serializes migrations at start. */
const MIGRATION_LOCK = 0x5b0a4d;

/** BIGINT and BIGSERIAL come back as numbers: epoch milliseconds and sequence numbers fit in 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface PostgresStoreOptions {
  poolSize?: number;
  /** Told once of every connection the server drops (a restart, a failover, `pg_terminate_backend`). */
  onConnectionLost?: (error: Error, context: { processId?: number }) => void;
}

/**
 * A pool whose every connection has an error listener from the moment it exists, for its whole
 * life. pg-pool removes its own listener while a connection is checked out (our transactions,
 * the LangGraph saver's), and a server-side disconnect then emits `error` on the client: without
 * a listener of its own that event kills the process. The pool drops the broken client and
 * opens a new one when asked.
 */
function createPool(url: string, options: PostgresStoreOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types,
    // A server that is down answers at once (refused); one that hangs must not hold a turn forever.
    connectionTimeoutMillis: 5000,
    keepAlive: true,
  });
  const lost = options.onConnectionLost ?? ((error) => process.stderr.write(`PostgreSQL connection lost (the pool reconnects): ${error.message}\n`));
  pool.on('connect', (client) => {
    let told = false;
    client.on('error', (error) => {
      if (told) return;
      told = true;
      lost(error, { processId: (client as unknown as { processID?: number }).processID });
    });
  });
  // An idle client's error also reaches the pool; the client's own listener has already told it.
  pool.on('error', () => {});
  return pool;
}

/** Opens a pool on `postgres://...`, migrates under an advisory lock (safe with replicas starting at once). */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const store = new PostgresStore(createPool(url, options));
  await store.migrate();
  return store;
}

/** The store for several replicas: every table in PostgreSQL, checkpoints through the LangGraph Postgres saver. */
export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  readonly checkpointer: PostgresSaver;
  readonly inbox: InboxStore;
  readonly threads: ThreadLeaseStore;
  readonly outbox: OutboxStore;
  readonly customers: CustomerStore;
  readonly channelState: ChannelStateStore;

  constructor(readonly pool: pg.Pool) {
    this.checkpointer = new PostgresSaver(pool);
    // The same bytes as the library's serializer, read and written without its per-value walks.
    this.checkpointer.serde = fastCheckpointSerde(this.checkpointer.serde) as typeof this.checkpointer.serde;
    this.inbox = this.createInbox();
    this.threads = this.createThreadLeases();
    this.outbox = this.createOutbox();
    this.customers = this.createCustomers();
    this.channelState = this.createChannelState();
  }

  async migrate(): Promise<void> {
    await this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query('CREATE TABLE IF NOT EXISTS switchboard_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
      const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM switchboard_migrations');
      for (let index = rows[0]?.version ?? 0; index < POSTGRES_MIGRATIONS.length; index++) {
        await client.query(POSTGRES_MIGRATIONS[index]!);
        await client.query('INSERT INTO switchboard_migrations (version) VALUES ($1)', [index + 1]);
      }
    });
    // The saver's own migrations are not safe to race either.
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await this.checkpointer.setup();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).finally(() => client.release());
    }
  }

  private transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, work);
  }

  private createInbox(): InboxStore {
    return {
      insert: (message, identity) =>
        this.transaction(async (client) => {
          const existing = await client.query<InboxRow>(
            `SELECT ${INBOX_COLUMNS} FROM inbox WHERE channel = $1 AND provider_message_id = $2`,
            [message.channel, message.providerMessageId],
          );
          if (existing.rows[0]) return { item: toInboxItem(existing.rows[0]), duplicate: true };
          const now = Date.now();
          const customerId = await this.resolveCustomer(client, identity, now);
          const threadId = await this.resolveThread(client, customerId, identity.conversationKey, now);
          // Holding the thread row while inserting orders this insert against a lease release (see threads.release).
          await client.query('SELECT 1 FROM threads WHERE id = $1 FOR UPDATE', [threadId]);
          const id = `m_${randomUUID()}`;
          const inserted = await client.query<InboxRow>(
            `INSERT INTO inbox (id, channel, provider_message_id, thread_id, customer_id, message, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (channel, provider_message_id) DO NOTHING RETURNING ${INBOX_COLUMNS}`,
            [id, message.channel, message.providerMessageId, threadId, customerId, JSON.stringify(message), now],
          );
          if (inserted.rows[0]) return { item: toInboxItem(inserted.rows[0]), duplicate: false };
          // Another replica accepted the same delivery a moment ago.
          const raced = await client.query<InboxRow>(
            `SELECT ${INBOX_COLUMNS} FROM inbox WHERE channel = $1 AND provider_message_id = $2`,
            [message.channel, message.providerMessageId],
          );
          return { item: toInboxItem(raced.rows[0]!), duplicate: true };
        }),
      get: async (seq) => {
        const { rows } = await this.pool.query<InboxRow>(`SELECT ${INBOX_COLUMNS} FROM inbox WHERE seq = $1`, [seq]);
        return rows[0] ? toInboxItem(rows[0]) : undefined;
      },
      nextPending: async (threadId) => {
        const { rows } = await this.pool.query<InboxRow>(
          `SELECT ${INBOX_COLUMNS} FROM inbox WHERE thread_id = $1 AND status = 'pending' ORDER BY seq LIMIT 1`,
          [threadId],
        );
        return rows[0] ? toInboxItem(rows[0]) : undefined;
      },
      complete: (seq, replies, lease) =>
        this.transaction(async (client) => {
          const now = Date.now();
          const { rows } = await client.query<{ id: string; thread_id: string }>(
            `UPDATE inbox SET status = 'done', completed_at = $2 WHERE seq = $1 AND status = 'pending'
               AND EXISTS (SELECT 1 FROM thread_leases l WHERE l.thread_id = inbox.thread_id AND l.owner = $3)
             RETURNING id, thread_id`,
            [seq, now, lease.owner],
          );
          const row = rows[0];
          if (!row) return undefined;
          const addressed = replies.map((reply, index) => ({ ...reply, id: `${row.id}.${index}` }));
          return this.insertReplies(client, row.thread_id, seq, addressed, lease, now);
        }),
      recordAttempt: async (seq, error) => {
        await this.pool.query('UPDATE inbox SET attempts = attempts + 1, last_error = $2 WHERE seq = $1', [seq, error]);
      },
      pendingCount: async () => {
        const { rows } = await this.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM inbox WHERE status = 'pending'");
        return rows[0]!.n;
      },
    };
  }

  /** Adds replies to the outbox, leased to their sender; an id already there is skipped. */
  private async insertReplies(
    client: pg.PoolClient,
    threadId: string,
    inboxSeq: number | null,
    replies: (NewOutbound & { id: string })[],
    lease: Lease,
    now: number,
  ): Promise<OutboxItem[]> {
    const queued: OutboxItem[] = [];
    for (const reply of replies) {
      const body: ReplyDraft = { text: reply.text, choices: reply.choices, meta: reply.meta };
      const inserted = await client.query<OutboxRow>(
        `INSERT INTO outbox (id, inbox_seq, thread_id, channel, recipient, reply_address, reply_to, body, language, lease_owner, lease_until, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, sb_now_ms() + $11, $12) ON CONFLICT (id) DO NOTHING RETURNING ${OUTBOX_COLUMNS}`,
        [
          reply.id,
          inboxSeq,
          threadId,
          reply.channel,
          reply.recipientAddress,
          reply.replyAddress ?? null,
          reply.replyTo ?? null,
          JSON.stringify(body),
          reply.language,
          lease.owner,
          lease.ttlMs,
          now,
        ],
      );
      if (inserted.rows[0]) queued.push(toOutboxItem(inserted.rows[0]));
    }
    return queued;
  }

  private async resolveCustomer(client: pg.PoolClient, identity: Parameters<InboxStore['insert']>[1], now: number): Promise<string> {
    const found = await client.query<{ customer_id: string }>(
      'SELECT customer_id FROM identities WHERE namespace = $1 AND address = $2',
      [identity.key.namespace, identity.key.address],
    );
    if (found.rows[0]) {
      if (identity.displayName || identity.tenantId) {
        await client.query(
          'UPDATE customers SET display_name = COALESCE($2, display_name), tenant_id = COALESCE($3, tenant_id) WHERE id = $1',
          [found.rows[0].customer_id, identity.displayName ?? null, identity.tenantId ?? null],
        );
      }
      return found.rows[0].customer_id;
    }
    const id = `c_${randomUUID()}`;
    await client.query('INSERT INTO customers (id, role, display_name, tenant_id, created_at) VALUES ($1, $2, $3, $4, $5)', [
      id,
      identity.role,
      identity.displayName ?? null,
      identity.tenantId ?? null,
      now,
    ]);
    const claimed = await client.query<{ customer_id: string }>(
      `INSERT INTO identities (namespace, address, customer_id) VALUES ($1, $2, $3)
       ON CONFLICT (namespace, address) DO UPDATE SET namespace = identities.namespace RETURNING customer_id`,
      [identity.key.namespace, identity.key.address, id],
    );
    const customerId = claimed.rows[0]!.customer_id;
    // A replica created the same person first: keep theirs.
    if (customerId !== id) await client.query('DELETE FROM customers WHERE id = $1', [id]);
    return customerId;
  }

  private async resolveThread(client: pg.PoolClient, customerId: string, conversationKey: string, now: number): Promise<string> {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO threads (id, customer_id, conversation_key, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (customer_id, conversation_key) DO UPDATE SET customer_id = threads.customer_id RETURNING id`,
      [`t_${randomUUID()}`, customerId, conversationKey, now],
    );
    return rows[0]!.id;
  }

  private createThreadLeases(): ThreadLeaseStore {
    return {
      acquire: async (threadId, lease, isDead) => {
        const { rows } = await this.pool.query(
          `INSERT INTO thread_leases (thread_id, owner, lease_until) VALUES ($1, $2, sb_now_ms() + $3)
           ON CONFLICT (thread_id) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
           WHERE thread_leases.owner = excluded.owner OR thread_leases.lease_until < sb_now_ms()
           RETURNING owner`,
          [threadId, lease.owner, lease.ttlMs],
        );
        if (rows.length === 1 || !isDead) return rows.length === 1;
        // Held and not expired: take it only if the holder is known to be gone.
        return this.transaction(async (client) => {
          const held = await client.query<{ owner: string }>('SELECT owner FROM thread_leases WHERE thread_id = $1 FOR UPDATE', [threadId]);
          const holder = held.rows[0]?.owner;
          if (holder !== undefined && !isDead(holder)) return false;
          await client.query(
            `INSERT INTO thread_leases (thread_id, owner, lease_until) VALUES ($1, $2, sb_now_ms() + $3)
             ON CONFLICT (thread_id) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until`,
            [threadId, lease.owner, lease.ttlMs],
          );
          return true;
        });
      },
      release: (threadId, lease) =>
        this.transaction(async (client) => {
          // The same row lock an insert takes: a message accepted meanwhile is either seen here or finds the lease free.
          await client.query('SELECT 1 FROM threads WHERE id = $1 FOR UPDATE', [threadId]);
          const pending = await client.query("SELECT 1 FROM inbox WHERE thread_id = $1 AND status = 'pending' LIMIT 1", [threadId]);
          if (pending.rows.length > 0) return false;
          await client.query('DELETE FROM thread_leases WHERE thread_id = $1 AND owner = $2', [threadId, lease.owner]);
          return true;
        }),
      handBack: async (threadId, lease) => {
        await this.pool.query('DELETE FROM thread_leases WHERE thread_id = $1 AND owner = $2', [threadId, lease.owner]);
      },
      orphaned: async (channels, limit, isDead) => {
        const { rows } = await this.pool.query<{ thread_id: string; owner: string | null; live: boolean }>(
          `SELECT DISTINCT i.thread_id, l.owner, (l.lease_until >= sb_now_ms()) AS live FROM inbox i
           LEFT JOIN thread_leases l ON l.thread_id = i.thread_id
           WHERE i.status = 'pending' AND i.channel = ANY($1) LIMIT $2`,
          [channels, limit * 4],
        );
        return rows
          .filter((row) => row.owner === null || !row.live || isDead?.(row.owner) === true)
          .slice(0, limit)
          .map((row) => row.thread_id);
      },
    };
  }

  private createOutbox(): OutboxStore {
    return {
      enqueue: (threadId, replies, lease) => this.transaction((client) => this.insertReplies(client, threadId, null, replies, lease, Date.now())),
      claimExpired: (channels, lease, limit, isDead) =>
        this.transaction(async (client) => {
          const candidates = await client.query<{ seq: number; lease_owner: string | null; live: boolean }>(
            `SELECT seq, lease_owner, (lease_until >= sb_now_ms()) AS live FROM outbox
             WHERE status = 'pending' AND channel = ANY($1) AND lease_owner IS DISTINCT FROM $2
             ORDER BY seq LIMIT $3 FOR UPDATE SKIP LOCKED`,
            [channels, lease.owner, limit * 4],
          );
          const claimable = candidates.rows
            .filter((row) => row.lease_owner === null || !row.live || isDead?.(row.lease_owner) === true)
            .slice(0, limit)
            .map((row) => row.seq);
          if (claimable.length === 0) return [];
          const { rows } = await client.query<OutboxRow>(
            `UPDATE outbox SET lease_owner = $1, lease_until = sb_now_ms() + $2 WHERE seq = ANY($3) RETURNING ${OUTBOX_COLUMNS}`,
            [lease.owner, lease.ttlMs, claimable],
          );
          return rows.sort((a, b) => a.seq - b.seq).map(toOutboxItem);
        }),
      release: async (seq, lease) => {
        await this.pool.query("UPDATE outbox SET lease_owner = NULL, lease_until = 0 WHERE seq = $1 AND lease_owner = $2 AND status = 'pending'", [seq, lease.owner]);
      },
      markSent: async (seq, providerMessageId) => {
        await this.pool.query(
          "UPDATE outbox SET status = 'sent', sent_at = $2, provider_message_id = $3, lease_owner = NULL WHERE seq = $1 AND status = 'pending'",
          [seq, Date.now(), providerMessageId ?? null],
        );
      },
      markAttempt: async (seq, error, final) => {
        await this.pool.query(
          "UPDATE outbox SET attempts = attempts + 1, last_error = $2, status = CASE WHEN $3 THEN 'failed' ELSE status END WHERE seq = $1",
          [seq, error, final],
        );
      },
      updateStatusByProviderId: async (channel, providerMessageId, status, error) => {
        const { rows } = await this.pool.query<OutboxRow>(
          `UPDATE outbox SET status = $3, last_error = COALESCE($4, last_error) WHERE channel = $1 AND provider_message_id = $2
           RETURNING ${OUTBOX_COLUMNS}`,
          [channel, providerMessageId, status, error ?? null],
        );
        return rows[0] ? toOutboxItem(rows[0]) : undefined;
      },
      listForRecipient: async (channel, recipient, afterSeq, limit) => {
        const { rows } = await this.pool.query<OutboxRow>(
          `SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE channel = $1 AND recipient = $2 AND seq > $3 ORDER BY seq LIMIT $4`,
          [channel, recipient, afterSeq, limit],
        );
        return rows.map(toOutboxItem);
      },
      getById: async (id) => {
        const { rows } = await this.pool.query<OutboxRow>(`SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE id = $1`, [id]);
        return rows[0] ? toOutboxItem(rows[0]) : undefined;
      },
    };
  }

  private createCustomers(): CustomerStore {
    interface Row {
      id: string;
      role: Customer['role'];
      display_name: string | null;
      tenant_id: string | null;
      language: string | null;
      language_chosen: boolean;
      language_pending: string | null;
      market: string | null;
      created_at: number;
    }
    const toCustomer = (row: Row): Customer => ({
      id: row.id,
      role: row.role,
      displayName: row.display_name ?? undefined,
      tenantId: row.tenant_id ?? undefined,
      language: row.language ?? undefined,
      languageChosen: row.language_chosen,
      languagePending: row.language_pending ?? undefined,
      market: row.market ?? undefined,
      createdAt: new Date(row.created_at),
    });
    return {
      get: async (id) => {
        const { rows } = await this.pool.query<Row>('SELECT * FROM customers WHERE id = $1', [id]);
        return rows[0] ? toCustomer(rows[0]) : undefined;
      },
      findByIdentity: async (key) => {
        const { rows } = await this.pool.query<Row>(
          'SELECT c.* FROM customers c JOIN identities i ON i.customer_id = c.id WHERE i.namespace = $1 AND i.address = $2',
          [key.namespace, key.address],
        );
        return rows[0] ? toCustomer(rows[0]) : undefined;
      },
      setLanguage: async (id, language, chosen, pending) => {
        await this.pool.query('UPDATE customers SET language = $2, language_chosen = $3, language_pending = $4 WHERE id = $1', [
          id,
          language,
          chosen,
          pending ?? null,
        ]);
      },
      setMarket: async (id, market) => {
        await this.pool.query('UPDATE customers SET market = $2 WHERE id = $1', [id, market]);
      },
    };
  }

  private createChannelState(): ChannelStateStore {
    return {
      get: async <T>(channel: ChannelId, key: string) => {
        const { rows } = await this.pool.query<{ value: T }>('SELECT value FROM channel_state WHERE channel = $1 AND key = $2', [channel, key]);
        return rows[0]?.value;
      },
      set: async (channel, key, value) => {
        await this.pool.query(
          `INSERT INTO channel_state (channel, key, value, updated_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (channel, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
          [channel, key, JSON.stringify(value), Date.now()],
        );
      },
      delete: async (channel, key) => {
        await this.pool.query('DELETE FROM channel_state WHERE channel = $1 AND key = $2', [channel, key]);
      },
    };
  }

  async renewLeases(lease: Lease): Promise<void> {
    await this.pool.query('UPDATE thread_leases SET lease_until = sb_now_ms() + $2 WHERE owner = $1', [lease.owner, lease.ttlMs]);
    await this.pool.query(
      "UPDATE outbox SET lease_until = sb_now_ms() + $2 WHERE lease_owner = $1 AND status = 'pending'",
      [lease.owner, lease.ttlMs],
    );
  }

  async releaseLeases(lease: Lease): Promise<void> {
    await this.pool.query('DELETE FROM thread_leases WHERE owner = $1', [lease.owner]);
    await this.pool.query("UPDATE outbox SET lease_owner = NULL, lease_until = 0 WHERE lease_owner = $1 AND status = 'pending'", [lease.owner]);
  }

  async pruneCheckpoints(threadId: string, keep: number): Promise<void> {
    const cutoff = `(SELECT checkpoint_id FROM checkpoints WHERE thread_id = $1 AND checkpoint_ns = '' ORDER BY checkpoint_id DESC LIMIT 1 OFFSET $2)`;
    await this.transaction(async (client) => {
      await client.query(`DELETE FROM checkpoint_writes WHERE thread_id = $1 AND checkpoint_id < ${cutoff}`, [threadId, keep - 1]);
      await client.query(`DELETE FROM checkpoints WHERE thread_id = $1 AND checkpoint_id < ${cutoff}`, [threadId, keep - 1]);
      // Channel values live in blobs by version; drop the versions no kept checkpoint points at.
      await client.query(
        `DELETE FROM checkpoint_blobs b WHERE b.thread_id = $1 AND NOT EXISTS (
           SELECT 1 FROM checkpoints c WHERE c.thread_id = b.thread_id AND c.checkpoint_ns = b.checkpoint_ns
             AND c.checkpoint -> 'channel_versions' ->> b.channel = b.version)`,
        [threadId],
      );
    });
  }

  async health(): Promise<StoreHealth> {
    try {
      // A write, not a SELECT: a server that answers but cannot write (a standby after failover, a full disk) is not ready.
      await this.pool.query({
        text: 'INSERT INTO heartbeat (id, at) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET at = excluded.at',
        values: [Date.now()],
        query_timeout: 5000,
      } as pg.QueryConfig);
      return { writable: true };
    } catch (error) {
      return { writable: false, problem: `PostgreSQL cannot take writes right now: ${describeFault(error)}` };
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
