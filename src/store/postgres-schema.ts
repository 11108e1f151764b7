/**
 * The PostgreSQL schema as ordered migrations, recorded in `switchboard_migrations`.
 * Times are epoch milliseconds; lease comparisons use the database's clock (`sb_now_ms()`),
 * so replicas with skewed clocks still agree on who holds what.
 */
export const POSTGRES_MIGRATIONS: string[] = [
  `
  CREATE OR REPLACE FUNCTION sb_now_ms() RETURNS bigint
    LANGUAGE sql VOLATILE AS $$ SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint $$;
  CREATE TABLE customers (
    id TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    display_name TEXT,
    tenant_id TEXT,
    language TEXT,
    language_chosen BOOLEAN NOT NULL DEFAULT false,
    market TEXT,
    created_at BIGINT NOT NULL
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
    created_at BIGINT NOT NULL,
    UNIQUE (customer_id, conversation_key)
  );
  CREATE TABLE inbox (
    seq BIGSERIAL PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    channel TEXT NOT NULL,
    provider_message_id TEXT NOT NULL,
    thread_id TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    message JSONB NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    completed_at BIGINT,
    UNIQUE (channel, provider_message_id)
  );
  CREATE INDEX inbox_pending ON inbox (thread_id, seq) WHERE status = 'pending';
  CREATE TABLE thread_leases (
    thread_id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    lease_until BIGINT NOT NULL
  );
  CREATE TABLE outbox (
    seq BIGSERIAL PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    inbox_seq BIGINT,
    thread_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    reply_address TEXT,
    reply_to TEXT,
    body JSONB NOT NULL,
    language TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    provider_message_id TEXT,
    lease_owner TEXT,
    lease_until BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    sent_at BIGINT
  );
  CREATE INDEX outbox_pending ON outbox (seq) WHERE status = 'pending';
  CREATE INDEX outbox_recipient ON outbox (channel, recipient, seq);
  CREATE INDEX outbox_provider_id ON outbox (channel, provider_message_id) WHERE provider_message_id IS NOT NULL;
  CREATE TABLE channel_state (
    channel TEXT NOT NULL,
    key TEXT NOT NULL,
    value JSONB NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (channel, key)
  );
  `,
  `ALTER TABLE customers ADD COLUMN language_pending TEXT;`,
  // One row the readiness probe writes: proof that the primary takes writes right now.
  `CREATE TABLE heartbeat (id INTEGER PRIMARY KEY CHECK (id = 1), at BIGINT NOT NULL);`,
  // Reports (src/reports/): one row per conversation (no message text: ids, times and labels), and
  // the rollup a report sums, per day and dimensions, kept as turns complete (docs/reports.md).
  `
  CREATE TABLE report_conversations (
    id TEXT PRIMARY KEY,
    thread_id TEXT NOT NULL,
    started_at BIGINT NOT NULL,
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
    conversations BIGINT NOT NULL DEFAULT 0,
    messages BIGINT NOT NULL DEFAULT 0,
    automated BIGINT NOT NULL DEFAULT 0,
    escalated BIGINT NOT NULL DEFAULT 0,
    reopened BIGINT NOT NULL DEFAULT 0,
    resolved BIGINT NOT NULL DEFAULT 0,
    abandoned BIGINT NOT NULL DEFAULT 0,
    ttr_ms BIGINT NOT NULL DEFAULT 0,
    ttr_count BIGINT NOT NULL DEFAULT 0,
    frt_ms BIGINT NOT NULL DEFAULT 0,
    frt_count BIGINT NOT NULL DEFAULT 0,
    sla_breaches BIGINT NOT NULL DEFAULT 0,
    rating1 BIGINT NOT NULL DEFAULT 0,
    rating2 BIGINT NOT NULL DEFAULT 0,
    rating3 BIGINT NOT NULL DEFAULT 0,
    rating4 BIGINT NOT NULL DEFAULT 0,
    rating5 BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (facet, source, day, queue, value1, value2)
  );
  -- The same sums per calendar month, so a long period reads a dozen rows per facet value, not 365.
  CREATE TABLE report_monthly (
    facet TEXT NOT NULL,
    source TEXT NOT NULL,
    month TEXT NOT NULL,
    queue TEXT NOT NULL,
    value1 TEXT NOT NULL,
    value2 TEXT NOT NULL,
    conversations BIGINT NOT NULL DEFAULT 0,
    messages BIGINT NOT NULL DEFAULT 0,
    automated BIGINT NOT NULL DEFAULT 0,
    escalated BIGINT NOT NULL DEFAULT 0,
    reopened BIGINT NOT NULL DEFAULT 0,
    resolved BIGINT NOT NULL DEFAULT 0,
    abandoned BIGINT NOT NULL DEFAULT 0,
    ttr_ms BIGINT NOT NULL DEFAULT 0,
    ttr_count BIGINT NOT NULL DEFAULT 0,
    frt_ms BIGINT NOT NULL DEFAULT 0,
    frt_count BIGINT NOT NULL DEFAULT 0,
    sla_breaches BIGINT NOT NULL DEFAULT 0,
    rating1 BIGINT NOT NULL DEFAULT 0,
    rating2 BIGINT NOT NULL DEFAULT 0,
    rating3 BIGINT NOT NULL DEFAULT 0,
    rating4 BIGINT NOT NULL DEFAULT 0,
    rating5 BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (facet, source, month, queue, value1, value2)
  );
  `,
];
