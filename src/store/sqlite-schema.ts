/**
 * The SQLite schema, as ordered migrations. `user_version` records how far a file has come,
 * so opening an older file upgrades it and opening a current one does nothing.
 */
export const SQLITE_MIGRATIONS: string[] = [
  `
  CREATE TABLE customers (
    id TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    display_name TEXT,
    tenant_id TEXT,
    language TEXT,
    language_chosen INTEGER NOT NULL DEFAULT 0,
    market TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE identities (
    namespace TEXT NOT NULL,
    address TEXT NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    PRIMARY KEY (namespace, address)
  );
  CREATE TABLE threads (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    conversation_key TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (customer_id, conversation_key)
  );
  CREATE TABLE inbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    channel TEXT NOT NULL,
    provider_message_id TEXT NOT NULL,
    thread_id TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    message TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    completed_at INTEGER,
    UNIQUE (channel, provider_message_id)
  );
  CREATE INDEX inbox_pending ON inbox (thread_id, seq) WHERE status = 'pending';
  -- One process works a thread at a time: the holder of its lease.
  CREATE TABLE thread_leases (
    thread_id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    lease_until INTEGER NOT NULL
  );
  CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    inbox_seq INTEGER,
    thread_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    reply_address TEXT,
    reply_to TEXT,
    body TEXT NOT NULL,
    language TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    provider_message_id TEXT,
    lease_owner TEXT,
    lease_until INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    sent_at INTEGER
  );
  CREATE INDEX outbox_pending ON outbox (status, lease_until) WHERE status = 'pending';
  CREATE INDEX outbox_recipient ON outbox (channel, recipient, seq);
  CREATE INDEX outbox_provider_id ON outbox (channel, provider_message_id) WHERE provider_message_id IS NOT NULL;
  CREATE TABLE channel_state (
    channel TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (channel, key)
  );
  `,
  // A language switch seen in one message and waiting for a second (see src/i18n/language.ts).
  `ALTER TABLE customers ADD COLUMN language_pending TEXT;`,
  // One row the readiness probe writes: proof that the database takes writes right now.
  `CREATE TABLE heartbeat (id INTEGER PRIMARY KEY CHECK (id = 1), at INTEGER NOT NULL);`,
  // Reports (src/reports/): one row per conversation (no message text: ids, times and labels), and
  // the rollup a report sums, per day and dimensions, kept as turns complete (docs/reports.md).
  `
  CREATE TABLE report_conversations (
    id TEXT PRIMARY KEY,
    thread_id TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    ticket_id TEXT,
    version INTEGER NOT NULL,
    fact TEXT NOT NULL
  );
  CREATE INDEX report_conversations_thread ON report_conversations (thread_id, started_at);
  CREATE INDEX report_conversations_ticket ON report_conversations (ticket_id) WHERE ticket_id IS NOT NULL;
  -- One row per facet (total, channel, market, language, route, reason, intent), day, source and queue:
  -- a report reads one facet's rows of its days, never the conversations.
  CREATE TABLE report_daily (
    facet TEXT NOT NULL,
    source TEXT NOT NULL,
    day TEXT NOT NULL,
    queue TEXT NOT NULL,
    value1 TEXT NOT NULL,
    value2 TEXT NOT NULL,
    conversations INTEGER NOT NULL DEFAULT 0,
    messages INTEGER NOT NULL DEFAULT 0,
    automated INTEGER NOT NULL DEFAULT 0,
    escalated INTEGER NOT NULL DEFAULT 0,
    reopened INTEGER NOT NULL DEFAULT 0,
    resolved INTEGER NOT NULL DEFAULT 0,
    abandoned INTEGER NOT NULL DEFAULT 0,
    ttr_ms INTEGER NOT NULL DEFAULT 0,
    ttr_count INTEGER NOT NULL DEFAULT 0,
    frt_ms INTEGER NOT NULL DEFAULT 0,
    frt_count INTEGER NOT NULL DEFAULT 0,
    sla_breaches INTEGER NOT NULL DEFAULT 0,
    rating1 INTEGER NOT NULL DEFAULT 0,
    rating2 INTEGER NOT NULL DEFAULT 0,
    rating3 INTEGER NOT NULL DEFAULT 0,
    rating4 INTEGER NOT NULL DEFAULT 0,
    rating5 INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (facet, source, day, queue, value1, value2)
  ) WITHOUT ROWID;
  -- The same sums per calendar month, so a long period reads a dozen rows per facet value, not 365.
  CREATE TABLE report_monthly (
    facet TEXT NOT NULL,
    source TEXT NOT NULL,
    month TEXT NOT NULL,
    queue TEXT NOT NULL,
    value1 TEXT NOT NULL,
    value2 TEXT NOT NULL,
    conversations INTEGER NOT NULL DEFAULT 0,
    messages INTEGER NOT NULL DEFAULT 0,
    automated INTEGER NOT NULL DEFAULT 0,
    escalated INTEGER NOT NULL DEFAULT 0,
    reopened INTEGER NOT NULL DEFAULT 0,
    resolved INTEGER NOT NULL DEFAULT 0,
    abandoned INTEGER NOT NULL DEFAULT 0,
    ttr_ms INTEGER NOT NULL DEFAULT 0,
    ttr_count INTEGER NOT NULL DEFAULT 0,
    frt_ms INTEGER NOT NULL DEFAULT 0,
    frt_count INTEGER NOT NULL DEFAULT 0,
    sla_breaches INTEGER NOT NULL DEFAULT 0,
    rating1 INTEGER NOT NULL DEFAULT 0,
    rating2 INTEGER NOT NULL DEFAULT 0,
    rating3 INTEGER NOT NULL DEFAULT 0,
    rating4 INTEGER NOT NULL DEFAULT 0,
    rating5 INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (facet, source, month, queue, value1, value2)
  ) WITHOUT ROWID;
  `,
];
