import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { GatewaySqliteSaver } from './checkpoint-saver.ts';
import type { InboundMessage } from '../gateway/messages.ts';
import type { ChannelStateStore, Logger } from '../gateway/channel.ts';
import { StartupError } from '../errors.ts';
import { SQLITE_MIGRATIONS } from './sqlite-schema.ts';
import { encodeInbound } from './codec.ts';
import { StoreUnavailableError, describeFault } from './faults.ts';
import { DatabaseFile } from './sqlite-file.ts';
import { GroupCommit } from './sqlite-group-commit.ts';
import { replyWriter, sqliteOutbox, type ReplyWriter } from './sqlite-outbox.ts';
import { sqliteChannelState, sqliteCustomers } from './sqlite-records.ts';
import { toInboxItem, type InboxRow } from './sqlite-rows.ts';
import type {
  CustomerStore,
  InboxItem,
  InboxStore,
  InsertResult,
  Lease,
  NewOutbound,
  OutboxItem,
  OutboxStore,
  ResolvedIdentity,
  Store,
  StoreHealth,
  ThreadLeaseStore,
} from './types.ts';

export interface SqliteStoreOptions {
  /**
   * How long a write waits for another connection's lock before it fails with SQLITE_BUSY (and is
   * retried by the caller). The main thread keeps this short: a wait blocks its event loop.
   */
  busyTimeoutMs?: number;
  /**
   * When the file was removed under the running gateway, write what the open connection still
   * holds back to its path on close (`VACUUM INTO`), so a graceful restart loses nothing. One
   * store per process should do this: the last to close (the main thread's).
   */
  rescueOnClose?: boolean;
  /** Told when a missing directory is created. */
  logger?: Pick<Logger, 'info'>;
  /** Accepts, leases, completions and sends asked for within one tick share a commit (default on but under the bench's phases; see GroupCommit). */
  groupCommit?: boolean;
}

/**
 * Opens (and migrates) the SQLite file behind `sqlite:PATH`, or an in-memory database for
 * `sqlite::memory:`. A missing directory is created, and the logger says so; a new file is the
 * user's own (0600).
 */
export function openSqliteStore(url: string, options: SqliteStoreOptions = {}): SqliteStore {
  const path = url.replace(/^sqlite:/, '');
  if (path === ':memory:') return new SqliteStore(new Database(path), options);
  const directory = resolve(dirname(path));
  if (!existsSync(directory)) {
    try {
      mkdirSync(directory, { recursive: true });
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new StartupError(
        `The directory ${directory} for the SQLite database (DATABASE_URL=${url}) does not exist and cannot be created (${reason}). Create it with write access for this user, or point DATABASE_URL at a writable path.`,
        { cause: error },
      );
    }
    options.logger?.info({ directory }, `created the directory ${directory} for the SQLite database (DATABASE_URL)`);
  }
  // Customers' conversations live in this file: a new one is readable by this user only (SQLite gives
  // its -wal and -shm files the same permissions).
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  const store = new SqliteStore(new Database(path), { ...options, path: resolve(path) });
  try {
    store.assertWritable();
  } catch (error) {
    store.db.close();
    throw error;
  }
  return store;
}

/** The embedded store: one SQLite file in WAL mode holding every table and the LangGraph checkpoints. */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly checkpointer: GatewaySqliteSaver;
  readonly inbox: InboxStore;
  readonly threads: ThreadLeaseStore;
  readonly outbox: OutboxStore;
  readonly customers: CustomerStore;
  readonly channelState: ChannelStateStore;

  private readonly file?: DatabaseFile;
  private readonly busyTimeoutMs: number;
  private readonly rescueOnClose: boolean;
  private readonly writes: GroupCommit;
  /** Adds replies to the outbox, leased to their sender (inside a transaction): a completed message's, or enqueued ones. */
  private readonly addReplies: ReplyWriter;
  /** Where `close()` wrote the database back to, after its file had been removed. */
  rescuedTo?: string;

  constructor(
    readonly db: Database.Database,
    options: SqliteStoreOptions & { path?: string } = {},
  ) {
    this.busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    this.rescueOnClose = options.rescueOnClose ?? false;
    db.pragma('journal_mode = WAL');
    // NORMAL keeps WAL commits durable against process crashes (kill -9); only an OS crash may lose the last commits.
    db.pragma('synchronous = NORMAL');
    db.pragma(`busy_timeout = ${this.busyTimeoutMs}`);
    db.pragma('foreign_keys = ON');
    if (options.path) this.file = new DatabaseFile(options.path);
    this.migrate();
    this.writes = new GroupCommit(db, options.groupCommit);
    this.addReplies = replyWriter(db);
    this.checkpointer = new GatewaySqliteSaver(db);
    this.inbox = this.createInbox();
    this.threads = this.createThreadLeases();
    this.outbox = sqliteOutbox(db, this.writes, this.addReplies);
    this.customers = sqliteCustomers(db);
    this.channelState = sqliteChannelState(db);
  }

  /**
   * Runs `write` (a `db.transaction` function of this connection) in the store's next shared
   * commit (`GroupCommit`): for writes beside the store's own, such as the reports' rollups.
   */
  grouped<A extends unknown[], T>(write: Database.Transaction<(...args: A) => T>, ...args: A): Promise<T> {
    return this.writes.run(write, ...args);
  }

  /**
   * A write-protected file opens read-only without complaint, and only the first message
   * would fail: rewrite the schema version (same value, one tiny write) to find out now.
   */
  assertWritable(): void {
    this.db
      .transaction(() => {
        const version = this.db.pragma('user_version', { simple: true }) as number;
        this.db.pragma(`user_version = ${version}`);
      })
      .immediate();
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    const apply = this.db.transaction(() => {
      for (let index = version; index < SQLITE_MIGRATIONS.length; index++) {
        this.db.exec(SQLITE_MIGRATIONS[index]!);
      }
      this.db.pragma(`user_version = ${SQLITE_MIGRATIONS.length}`);
    });
    // IMMEDIATE: two processes opening a new file at once must not both migrate.
    if (version < SQLITE_MIGRATIONS.length) apply.immediate();
  }

  private createInbox(): InboxStore {
    const db = this.db;
    const findIdentity = db.prepare<[string, string], { customer_id: string }>(
      'SELECT customer_id FROM identities WHERE namespace = ? AND address = ?',
    );
    const insertCustomer = db.prepare(
      'INSERT INTO customers (id, role, display_name, tenant_id, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    const insertIdentity = db.prepare('INSERT INTO identities (namespace, address, customer_id) VALUES (?, ?, ?)');
    const updateCustomerDetails = db.prepare(
      'UPDATE customers SET display_name = COALESCE(?, display_name), tenant_id = COALESCE(?, tenant_id) WHERE id = ?',
    );
    const findThread = db.prepare<[string, string], { id: string }>(
      'SELECT id FROM threads WHERE customer_id = ? AND conversation_key = ?',
    );
    const insertThread = db.prepare(
      'INSERT INTO threads (id, customer_id, conversation_key, created_at) VALUES (?, ?, ?, ?)',
    );
    const findDuplicate = db.prepare<[string, string], InboxRow>(
      'SELECT seq, id, thread_id, customer_id, message, attempts FROM inbox WHERE channel = ? AND provider_message_id = ?',
    );
    const insertInbox = db.prepare(
      `INSERT INTO inbox (id, channel, provider_message_id, thread_id, customer_id, message, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const nextPending = db.prepare<[string], InboxRow>(
      "SELECT seq, id, thread_id, customer_id, message, attempts FROM inbox WHERE thread_id = ? AND status = 'pending' ORDER BY seq LIMIT 1",
    );
    const holdsThread = db.prepare<[string, string], { n: number }>(
      'SELECT count(*) AS n FROM thread_leases WHERE thread_id = ? AND owner = ?',
    );
    const bySeq = db.prepare<[number], InboxRow>(
      'SELECT seq, id, thread_id, customer_id, message, attempts FROM inbox WHERE seq = ?',
    );
    const completeInbox = db.prepare("UPDATE inbox SET status = 'done', completed_at = ? WHERE seq = ? AND status = 'pending'");
    const recordAttempt = db.prepare('UPDATE inbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?');
    const pendingCount = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM inbox WHERE status = 'pending'");

    const resolve = (message: InboundMessage, identity: ResolvedIdentity, now: number) => {
      let customerId = findIdentity.get(identity.key.namespace, identity.key.address)?.customer_id;
      if (!customerId) {
        customerId = `c_${randomUUID()}`;
        insertCustomer.run(customerId, identity.role, identity.displayName ?? null, identity.tenantId ?? null, now);
        insertIdentity.run(identity.key.namespace, identity.key.address, customerId);
      } else if (identity.displayName || identity.tenantId) {
        updateCustomerDetails.run(identity.displayName ?? null, identity.tenantId ?? null, customerId);
      }
      let threadId = findThread.get(customerId, identity.conversationKey)?.id;
      if (!threadId) {
        threadId = `t_${randomUUID()}`;
        insertThread.run(threadId, customerId, identity.conversationKey, now);
      }
      return { customerId, threadId };
    };

    const insert = db.transaction(
      (message: InboundMessage, identity: ResolvedIdentity): InsertResult => {
        const existing = findDuplicate.get(message.channel, message.providerMessageId);
        if (existing) return { item: toInboxItem(existing), duplicate: true };
        const now = Date.now();
        const { customerId, threadId } = resolve(message, identity, now);
        const id = `m_${randomUUID()}`;
        const info = insertInbox.run(
          id,
          message.channel,
          message.providerMessageId,
          threadId,
          customerId,
          encodeInbound(message),
          now,
        );
        const item: InboxItem = { seq: Number(info.lastInsertRowid), id, threadId, customerId, message, attempts: 0 };
        return { item, duplicate: false };
      },
    );

    const complete = db.transaction((seq: number, replies: NewOutbound[], lease: Lease): OutboxItem[] | undefined => {
      const now = Date.now();
      const row = bySeq.get(seq);
      if (!row || holdsThread.get(row.thread_id, lease.owner)!.n === 0) return undefined;
      if (completeInbox.run(now, seq).changes === 0) return undefined;
      const addressed = replies.map((reply, index) => ({ ...reply, id: `${row.id}.${index}` }));
      return this.addReplies(row.thread_id, seq, addressed, lease, now);
    });

    return {
      insert: async (message, identity) => {
        // A message written into a file no longer at its path is lost at the next start: refuse it, the sender retries.
        const gone = this.file?.problem();
        if (gone) throw new StoreUnavailableError(`${gone}; new messages are refused until it is back`, { lasting: true });
        return this.writes.run(insert, message, identity);
      },
      get: async (seq) => {
        const row = bySeq.get(seq);
        return row ? toInboxItem(row) : undefined;
      },
      nextPending: async (threadId) => {
        const row = nextPending.get(threadId);
        return row ? toInboxItem(row) : undefined;
      },
      complete: (seq, replies, lease) => this.writes.run(complete, seq, replies, lease),
      recordAttempt: async (seq, error) => {
        recordAttempt.run(error, seq);
      },
      pendingCount: async () => pendingCount.get()!.n,
    };
  }

  private createThreadLeases(): ThreadLeaseStore {
    const db = this.db;
    const current = db.prepare<[string], { owner: string; lease_until: number }>(
      'SELECT owner, lease_until FROM thread_leases WHERE thread_id = ?',
    );
    const take = db.prepare(
      `INSERT INTO thread_leases (thread_id, owner, lease_until) VALUES (?, ?, ?)
       ON CONFLICT (thread_id) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until`,
    );
    const hasPending = db.prepare<[string], { n: number }>(
      "SELECT count(*) AS n FROM (SELECT 1 FROM inbox WHERE thread_id = ? AND status = 'pending' LIMIT 1)",
    );
    const drop = db.prepare('DELETE FROM thread_leases WHERE thread_id = ? AND owner = ?');
    const candidates = db.prepare<unknown[], { thread_id: string; owner: string | null; lease_until: number | null }>(
      `SELECT DISTINCT i.thread_id, l.owner, l.lease_until FROM inbox i LEFT JOIN thread_leases l ON l.thread_id = i.thread_id
       WHERE i.status = 'pending' AND i.channel IN (SELECT value FROM json_each(?)) LIMIT ?`,
    );
    const acquire = db.transaction((threadId: string, lease: Lease, isDead?: (owner: string) => boolean) => {
      const now = Date.now();
      const holder = current.get(threadId);
      const free = !holder || holder.owner === lease.owner || holder.lease_until < now || isDead?.(holder.owner) === true;
      if (free) take.run(threadId, lease.owner, now + lease.ttlMs);
      return free;
    });
    const release = db.transaction((threadId: string, lease: Lease) => {
      if (hasPending.get(threadId)!.n > 0) return false;
      drop.run(threadId, lease.owner);
      return true;
    });
    return {
      acquire: (threadId, lease, isDead) => this.writes.run(acquire, threadId, lease, isDead),
      release: (threadId, lease) => this.writes.run(release, threadId, lease),
      handBack: async (threadId, lease) => {
        drop.run(threadId, lease.owner);
      },
      orphaned: async (channels, limit, isDead) => {
        const now = Date.now();
        return candidates
          .all(JSON.stringify(channels), limit * 4)
          .filter((row) => row.owner === null || row.lease_until! < now || isDead?.(row.owner) === true)
          .slice(0, limit)
          .map((row) => row.thread_id);
      },
    };
  }

  async renewLeases(lease: Lease): Promise<void> {
    const until = Date.now() + lease.ttlMs;
    this.db.transaction(() => {
      this.db.prepare('UPDATE thread_leases SET lease_until = ? WHERE owner = ?').run(until, lease.owner);
      this.db.prepare("UPDATE outbox SET lease_until = ? WHERE lease_owner = ? AND status = 'pending'").run(until, lease.owner);
    })();
  }

  async releaseLeases(lease: Lease): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM thread_leases WHERE owner = ?').run(lease.owner);
      this.db.prepare("UPDATE outbox SET lease_owner = NULL, lease_until = 0 WHERE lease_owner = ? AND status = 'pending'").run(lease.owner);
    })();
  }

  private pruneStatements?: Database.Statement[];

  async pruneCheckpoints(threadId: string, keep: number): Promise<void> {
    // The saver creates its tables lazily; a thread with no checkpoint yet has nothing to prune.
    if (!this.pruneStatements) {
      const hasTables = this.db
        .prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('checkpoints', 'writes')")
        .get() as { n: number };
      if (hasTables.n < 2) return;
      const cutoff = `(SELECT checkpoint_id FROM checkpoints WHERE thread_id = ? AND checkpoint_ns = '' ORDER BY checkpoint_id DESC LIMIT 1 OFFSET ?)`;
      this.pruneStatements = [
        this.db.prepare(`DELETE FROM writes WHERE thread_id = ? AND checkpoint_id < ${cutoff}`),
        this.db.prepare(`DELETE FROM checkpoints WHERE thread_id = ? AND checkpoint_id < ${cutoff}`),
      ];
    }
    const statements = this.pruneStatements;
    this.db.transaction(() => {
      for (const statement of statements) statement.run(threadId, threadId, keep - 1);
    })();
  }

  private heartbeat?: Database.Statement;
  private busySince?: number;

  async health(): Promise<StoreHealth> {
    const gone = this.file?.problem();
    if (gone) {
      return {
        writable: false,
        problem: `${gone}. Messages already accepted are still answered from the open file and new ones are refused (503). Stop the gateway gracefully (SIGTERM) to have it write what it holds back to that path, then start it again.`,
      };
    }
    if (this.file?.readOnly()) {
      return { writable: false, problem: `the database file ${this.file.path} is read-only; make it writable again (chmod u+w)` };
    }
    try {
      this.heartbeat ??= this.db.prepare('INSERT INTO heartbeat (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at');
      const heartbeat = this.heartbeat;
      // A probe must answer quickly, even while another process holds the write lock.
      this.db.pragma('busy_timeout = 100');
      try {
        heartbeat.run(Date.now());
      } finally {
        this.db.pragma(`busy_timeout = ${this.busyTimeoutMs}`);
      }
      this.busySince = undefined;
      return { writable: true };
    } catch (error) {
      // Another connection writing for a moment is normal work; a lock held for a second is not.
      if ((error as { code?: string }).code === 'SQLITE_BUSY') {
        this.busySince ??= Date.now();
        if (Date.now() - this.busySince < 1000) return { writable: true };
      }
      return { writable: false, problem: `the database cannot be written: ${describeFault(error)}` };
    }
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    this.writes.flushNow();
    if (this.rescueOnClose && this.file?.problem() && this.file.rescue(this.db)) this.rescuedTo = this.file.path;
    this.db.close();
  }
}
