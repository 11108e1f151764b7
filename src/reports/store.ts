/**
 * Where reports live: the conversation facts and the daily rollup (tables in the store's
 * migrations). The statements are written once, in the SQL SQLite and PostgreSQL share; each
 * backend (`sqlite.ts`, `postgres.ts`) only says how to run them and how to run a batch atomically.
 */
import { COUNTERS, DIMENSIONS, type ConversationFact, type Counters, type Dimension, type ReportSource, type RollupKey } from './types.ts';
import { zeroCounters } from './definitions.ts';

/** One statement of an atomic batch; `mustChange`: no row changed means another writer won, and the batch rolls back. */
export interface Statement {
  sql: string;
  params: unknown[];
  mustChange?: boolean;
}

/** How a backend runs the shared statements. */
export interface ReportSql {
  all<T>(sql: string, params: unknown[]): Promise<T[]>;
  /** Runs the batch in one transaction; false (and nothing written) when a `mustChange` statement changed nothing. */
  batch(statements: Statement[]): Promise<boolean>;
}

/** What a report reads: the rollup rows of a range of days, optionally of some sources and queues. */
export interface RollupFilter {
  from: string;
  to: string;
  sources?: ReportSource[];
  /** `undefined`: every row; a list: only conversations that reached one of these queues. */
  queues?: string[];
}

export interface RollupGroup {
  key: Partial<RollupKey>;
  counters: Counters;
}

export interface ReportStore {
  latestForThread(threadId: string): Promise<ConversationFact | undefined>;
  get(id: string): Promise<ConversationFact | undefined>;
  byTicket(ticketId: string): Promise<ConversationFact | undefined>;
  /**
   * Writes facts (a fact without `before` is new) and adds the rollup deltas, atomically. False when
   * another writer changed one of the facts first: nothing was written, read again and retry.
   */
  commit(writes: { before?: ConversationFact; after: ConversationFact }[], deltas: { key: RollupKey; counters: Counters }[]): Promise<boolean>;
  /** Sums the rollup rows of the filter, grouped by the given dimensions (none: one total row). */
  aggregate(filter: RollupFilter, groupBy: Dimension[]): Promise<RollupGroup[]>;
  /** Which sources have any conversation at all (the report picks what to show by it). */
  sources(): Promise<ReportSource[]>;
}

const snake = (name: string) => name.replace(/[A-Z0-9]+/g, (part) => `_${part.toLowerCase()}`).replace(/_(\d)/, '$1');
/** Counter → column (`ttrMs` → `ttr_ms`, `rating1` → `rating1`). */
export const COLUMN: Record<keyof Counters, string> = Object.fromEntries(COUNTERS.map((name) => [name, snake(name)])) as Record<keyof Counters, string>;

const marks = (count: number) => Array.from({ length: count }, () => '?').join(', ');

/** Adds counters to a rollup row, creating it at zero first. */
export function upsertRollup(key: RollupKey, counters: Counters): Statement {
  const columns = COUNTERS.map((name) => COLUMN[name]);
  return {
    sql: `INSERT INTO report_daily (${DIMENSIONS.join(', ')}, ${columns.join(', ')}) VALUES (${marks(DIMENSIONS.length + columns.length)})
      ON CONFLICT (${DIMENSIONS.join(', ')}) DO UPDATE SET ${columns.map((column) => `${column} = report_daily.${column} + excluded.${column}`).join(', ')}`,
    params: [...DIMENSIONS.map((dimension) => key[dimension]), ...COUNTERS.map((name) => counters[name])],
  };
}

function factStatement(before: ConversationFact | undefined, after: ConversationFact): Statement {
  const stored = JSON.stringify({ ...after, version: undefined });
  if (!before) {
    return {
      sql: 'INSERT INTO report_conversations (id, thread_id, started_at, ticket_id, version, fact) VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT DO NOTHING',
      params: [after.id, after.threadId, after.startedAt, after.ticket?.ticketId ?? null, stored],
      mustChange: true,
    };
  }
  return {
    sql: 'UPDATE report_conversations SET ticket_id = ?, version = version + 1, fact = ? WHERE id = ? AND version = ?',
    params: [after.ticket?.ticketId ?? null, stored, after.id, before.version],
    mustChange: true,
  };
}

interface FactRow {
  version: number | string;
  fact: string;
}
const toFact = (row: FactRow | undefined): ConversationFact | undefined => (row ? { ...(JSON.parse(row.fact) as ConversationFact), version: Number(row.version) } : undefined);

/** The report store on a backend's runner. */
export function createReportStore(sql: ReportSql): ReportStore {
  const one = async (query: string, params: unknown[]) => toFact((await sql.all<FactRow>(query, params))[0]);
  return {
    latestForThread: (threadId) => one('SELECT version, fact FROM report_conversations WHERE thread_id = ? ORDER BY started_at DESC LIMIT 1', [threadId]),
    get: (id) => one('SELECT version, fact FROM report_conversations WHERE id = ?', [id]),
    byTicket: (ticketId) => one('SELECT version, fact FROM report_conversations WHERE ticket_id = ? LIMIT 1', [ticketId]),

    // Rows are always locked in the same order (facts by id, rollups by key), so two writers on PostgreSQL never deadlock.
    commit: (writes, deltas) =>
      sql.batch([
        ...[...writes].sort((a, b) => a.after.id.localeCompare(b.after.id)).map((write) => factStatement(write.before, write.after)),
        ...deltas
          .map((delta) => ({ order: DIMENSIONS.map((dimension) => delta.key[dimension]).join('\u0000'), delta }))
          .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0))
          .map(({ delta }) => upsertRollup(delta.key, delta.counters)),
      ]),

    async aggregate(filter, groupBy) {
      const where = ['day >= ?', 'day <= ?'];
      const params: unknown[] = [filter.from, filter.to];
      if (filter.sources) {
        if (filter.sources.length === 0) return [];
        where.push(`source IN (${marks(filter.sources.length)})`);
        params.push(...filter.sources);
      }
      if (filter.queues) {
        if (filter.queues.length === 0) return [];
        where.push(`queue IN (${marks(filter.queues.length)})`);
        params.push(...filter.queues);
      }
      const dims = groupBy.filter((dimension) => DIMENSIONS.includes(dimension));
      const sums = COUNTERS.map((name) => `SUM(${COLUMN[name]}) AS ${COLUMN[name]}`).join(', ');
      const rows = await sql.all<Record<string, string | number | null>>(
        `SELECT ${dims.length ? `${dims.join(', ')}, ` : ''}${sums} FROM report_daily WHERE ${where.join(' AND ')}${dims.length ? ` GROUP BY ${dims.join(', ')}` : ''}`,
        params,
      );
      return rows
        .map((row) => {
          const counters = zeroCounters();
          for (const name of COUNTERS) counters[name] = Number(row[COLUMN[name]] ?? 0);
          return { key: Object.fromEntries(dims.map((dimension) => [dimension, String(row[dimension])])) as Partial<RollupKey>, counters };
        })
        .filter((group) => dims.length === 0 || group.counters.conversations !== 0);
    },

    async sources() {
      const found: ReportSource[] = [];
      // One indexed probe per source, never a scan.
      for (const source of ['live', 'eval', 'demo'] as ReportSource[]) {
        const rows = await sql.all<{ n: number }>('SELECT 1 AS n FROM report_daily WHERE source = ? AND conversations > 0 LIMIT 1', [source]);
        if (rows.length) found.push(source);
      }
      return found;
    },
  };
}
