/**
 * The few statements the ticket store needs, written once in the SQL that SQLite and
 * PostgreSQL share (`?` placeholders, `ON CONFLICT DO NOTHING`, `RETURNING`, partial
 * indexes); each backend only says how to run them.
 */
export interface SqlRunner {
  readonly dialect: 'sqlite' | 'postgres';
  all<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(sql: string, params?: unknown[]): Promise<number>;
  /** Runs several DDL statements. */
  exec(sql: string): Promise<void>;
}

/** Table definitions; `{seq}` is the auto-incrementing key column of each dialect. */
export function ticketSchema(dialect: SqlRunner['dialect']): string {
  const seq = dialect === 'sqlite' ? 'seq INTEGER PRIMARY KEY AUTOINCREMENT' : 'seq BIGSERIAL PRIMARY KEY';
  return `
CREATE TABLE IF NOT EXISTS handoff_tickets (
  ${seq},
  id TEXT NOT NULL UNIQUE,
  source_message_id TEXT NOT NULL UNIQUE,
  thread_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  contact TEXT NOT NULL,
  language TEXT NOT NULL,
  market TEXT NOT NULL,
  tier TEXT NOT NULL,
  department TEXT NOT NULL,
  queue TEXT NOT NULL,
  reason TEXT NOT NULL,
  summary TEXT NOT NULL,
  transcript TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'waiting',
  priority INTEGER NOT NULL DEFAULT 0,
  assignee TEXT,
  created_at BIGINT NOT NULL,
  assigned_at BIGINT,
  first_response_at BIGINT,
  closed_at BIGINT,
  first_response_due BIGINT NOT NULL,
  resolution_due BIGINT NOT NULL,
  assign_timeout_at BIGINT NOT NULL,
  breach_first INTEGER NOT NULL DEFAULT 0,
  breach_resolution INTEGER NOT NULL DEFAULT 0,
  resolution TEXT,
  resumed_by TEXT,
  resume_queued INTEGER NOT NULL DEFAULT 0,
  rating INTEGER,
  slack_channel TEXT,
  slack_ts TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS handoff_tickets_open_thread ON handoff_tickets (thread_id) WHERE status IN ('waiting', 'assigned');
CREATE INDEX IF NOT EXISTS handoff_tickets_thread ON handoff_tickets (thread_id, seq);
CREATE INDEX IF NOT EXISTS handoff_tickets_queue ON handoff_tickets (queue, status, priority, seq);
CREATE INDEX IF NOT EXISTS handoff_tickets_slack ON handoff_tickets (slack_channel, slack_ts);
-- The queue's latest assignments (the wait estimate on every escalation and every message waiting for a person): without it, every ticket the queue ever had is read and sorted.
CREATE INDEX IF NOT EXISTS handoff_tickets_assigned ON handoff_tickets (queue, assigned_at) WHERE assigned_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS handoff_events (
  id TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  author TEXT,
  text TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS handoff_events_ticket ON handoff_events (ticket_id, created_at);
CREATE TABLE IF NOT EXISTS handoff_webhooks (
  id TEXT PRIMARY KEY,
  event TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at BIGINT NOT NULL,
  lease_until BIGINT NOT NULL DEFAULT 0,
  last_error TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS handoff_webhooks_due ON handoff_webhooks (status, next_at);
`;
}
