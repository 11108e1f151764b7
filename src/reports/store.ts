/**
 * Where reports live: the conversation facts and the daily rollup (tables in the store's
 * migrations). The statements are written once, in the SQL SQLite and PostgreSQL share; each
 * backend (`sqlite.ts`, `postgres.ts`) only says how to run them and how to run a batch atomically.
 */
import { ValidationError } from '../errors.ts';
import { COUNTERS, type ConversationFact, type Counters, type Dimension, type ReportSource, type RollupKey } from './types.ts';
import { zeroCounters } from './definitions.ts';

/** One statement of an atomic batch; `mustChange`: fewer rows changed than this means another writer won, and the batch rolls back. */
export interface Statement {
  sql: string;
  params: unknown[];
  mustChange?: number;
}

/** How a backend runs the shared statements. */
export interface ReportSql {
  all<T>(sql: string, params: unknown[]): Promise<T[]>;
  /** Runs the batch in one transaction; false (and nothing written) when a statement changed fewer rows than its `mustChange`. */
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
  /** Sums the rollup rows of the filter, grouped by the given dimensions (none: one total row); see {@link facetFor} for the groupings there are. */
  aggregate(filter: RollupFilter, groupBy: Dimension[]): Promise<RollupGroup[]>;
  /** Which sources have any conversation at all (the report picks what to show by it). */
  sources(): Promise<ReportSource[]>;
  /**
   * Erasure: drops the conversation rows of these threads (their ids and times). The rollups keep
   * their anonymous counts. Returns how many rows went.
   */
  forgetThreads(threadIds: string[]): Promise<number>;
}

const snake = (name: string) => name.replace(/[A-Z0-9]+/g, (part) => `_${part.toLowerCase()}`).replace(/_(\d)/, '$1');
/** Counter → column (`ttrMs` → `ttr_ms`, `rating1` → `rating1`). */
export const COLUMN: Record<keyof Counters, string> = Object.fromEntries(COUNTERS.map((name) => [name, snake(name)])) as Record<keyof Counters, string>;

const marks = (count: number) => Array.from({ length: count }, () => '?').join(', ');

/**
 * The facets a conversation counts in. Every facet row also carries the day, the source and the
 * queue, so a report reads one facet's rows of its period and sums them, whatever the store holds.
 */
export const FACETS = ['total', 'channel', 'market', 'language', 'route', 'reason', 'intent'] as const;
export type Facet = (typeof FACETS)[number];

/** The dimensions every facet row carries. */
const SHARED: readonly Dimension[] = ['day', 'source', 'queue'];

interface FacetRow {
  facet: Facet;
  source: string;
  day: string;
  queue: string;
  value1: string;
  value2: string;
}

function facetRows(key: RollupKey): FacetRow[] {
  const base = { source: key.source, day: key.day, queue: key.queue };
  return [
    { facet: 'total', ...base, value1: '', value2: '' },
    { facet: 'channel', ...base, value1: key.channel, value2: '' },
    { facet: 'market', ...base, value1: key.market, value2: '' },
    { facet: 'language', ...base, value1: key.language, value2: '' },
    { facet: 'route', ...base, value1: key.route, value2: '' },
    { facet: 'reason', ...base, value1: key.reason, value2: '' },
    { facet: 'intent', ...base, value1: key.route, value2: key.intent },
  ];
}

/** The facet a grouping reads, and where its dimensions sit in that facet's rows. */
export function facetFor(groupBy: readonly Dimension[]): { facet: Facet; columns: Partial<Record<Dimension, string>> } {
  const own = groupBy.filter((dimension) => !SHARED.includes(dimension));
  const columns: Partial<Record<Dimension, string>> = Object.fromEntries(groupBy.filter((dimension) => SHARED.includes(dimension)).map((dimension) => [dimension, dimension]));
  if (own.length === 0) return { facet: 'total', columns };
  if (own.every((dimension) => dimension === 'route' || dimension === 'intent') && own.includes('intent')) return { facet: 'intent', columns: { ...columns, route: 'value1', intent: 'value2' } };
  if (own.length === 1) return { facet: own[0] as Facet, columns: { ...columns, [own[0]!]: 'value1' } };
  throw new ValidationError(`groupBy takes day, source and queue with at most one of channel, market, language, route, reason and intent (route,intent together is fine); got ${groupBy.join(',')}`);
}

const ROWS_PER_STATEMENT = 400;

const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * A period as whole calendar months (read from the monthly rollup) and the days around them (read
 * from the daily one); all days when the caller groups by day.
 */
export function splitPeriod(from: string, to: string, daily: boolean): { months?: [string, string]; days: [string, string][] } {
  if (daily) return { days: [[from, to]] };
  const start = new Date(dayMs(from));
  // The first day of a whole month in the period, and the last.
  const firstFull = start.getUTCDate() === 1 ? dayMs(from) : Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1);
  const end = new Date(dayMs(to));
  const lastFull = new Date(dayMs(to) + 86_400_000).getUTCDate() === 1 ? dayMs(to) : Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), 1) - 86_400_000;
  if (firstFull > lastFull) return { days: [[from, to]] };
  const days: [string, string][] = [];
  if (dayMs(from) < firstFull) days.push([from, isoDay(firstFull - 86_400_000)]);
  if (lastFull < dayMs(to)) days.push([isoDay(lastFull + 86_400_000), to]);
  return { months: [isoDay(firstFull).slice(0, 7), isoDay(lastFull).slice(0, 7)], days };
}

/** Adds counters to facet rows of a table (`day` rows daily, `month` rows monthly), creating them at zero first: one multi-row statement per few hundred rows. */
export function upsertRollups(table: 'report_daily' | 'report_monthly', rows: { row: FacetRow; counters: Counters }[]): Statement[] {
  const columns = COUNTERS.map((name) => COLUMN[name]);
  const period = table === 'report_daily' ? 'day' : 'month';
  const keyColumns = ['facet', 'source', period, 'queue', 'value1', 'value2'];
  const statements: Statement[] = [];
  for (let at = 0; at < rows.length; at += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(at, at + ROWS_PER_STATEMENT);
    statements.push({
      sql: `INSERT INTO ${table} (${keyColumns.join(', ')}, ${columns.join(', ')}) VALUES ${chunk.map(() => `(${marks(keyColumns.length + columns.length)})`).join(', ')}
        ON CONFLICT (${keyColumns.join(', ')}) DO UPDATE SET ${columns.map((column) => `${column} = ${table}.${column} + excluded.${column}`).join(', ')}`,
      params: chunk.flatMap(({ row, counters }) => [
        row.facet, row.source, period === 'day' ? row.day : row.day.slice(0, 7), row.queue, row.value1, row.value2,
        ...COUNTERS.map((name) => counters[name]),
      ]),
    });
  }
  return statements;
}

/** Daily rows summed into their months (the same rows with `day` cut to `YYYY-MM`). */
function byMonth(rows: { row: FacetRow; counters: Counters }[]): { row: FacetRow; counters: Counters }[] {
  const merged = new Map<string, { row: FacetRow; counters: Counters }>();
  for (const entry of rows) {
    const row = { ...entry.row, day: entry.row.day.slice(0, 7) };
    const id = `${row.facet}\u0000${row.source}\u0000${row.day}\u0000${row.queue}\u0000${row.value1}\u0000${row.value2}`;
    const existing = merged.get(id);
    if (!existing) merged.set(id, { row, counters: { ...entry.counters } });
    else for (const name of COUNTERS) existing.counters[name] += entry.counters[name];
  }
  return [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, entry]) => entry);
}

/** Spreads conversation-level deltas over their facet rows, one entry per row, in a fixed order (no deadlocks between writers). */
function facetDeltas(deltas: { key: RollupKey; counters: Counters }[]): { row: FacetRow; counters: Counters }[] {
  const merged = new Map<string, { row: FacetRow; counters: Counters }>();
  for (const delta of deltas) {
    for (const row of facetRows(delta.key)) {
      const id = `${row.facet}\u0000${row.source}\u0000${row.day}\u0000${row.queue}\u0000${row.value1}\u0000${row.value2}`;
      const existing = merged.get(id);
      if (!existing) merged.set(id, { row, counters: { ...delta.counters } });
      else for (const name of COUNTERS) existing.counters[name] += delta.counters[name];
    }
  }
  return [...merged.entries()]
    .filter(([, entry]) => COUNTERS.some((name) => entry.counters[name] !== 0))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, entry]) => entry);
}

const FACTS_PER_STATEMENT = 200;

/** New facts, a few hundred per statement; a fact that exists already fails the batch (another writer won). */
function insertFacts(facts: ConversationFact[]): Statement[] {
  const statements: Statement[] = [];
  for (let at = 0; at < facts.length; at += FACTS_PER_STATEMENT) {
    const chunk = facts.slice(at, at + FACTS_PER_STATEMENT);
    statements.push({
      sql: `INSERT INTO report_conversations (id, thread_id, started_at, ticket_id, version, fact) VALUES ${chunk.map(() => '(?, ?, ?, ?, 1, ?)').join(', ')} ON CONFLICT DO NOTHING`,
      params: chunk.flatMap((fact) => [fact.id, fact.threadId, fact.startedAt, fact.ticket?.ticketId ?? null, JSON.stringify({ ...fact, version: undefined })]),
      mustChange: chunk.length,
    });
  }
  return statements;
}

/** A changed fact, only over the version it was read at. */
function updateFact(before: ConversationFact, after: ConversationFact): Statement {
  return {
    sql: 'UPDATE report_conversations SET ticket_id = ?, version = version + 1, fact = ? WHERE id = ? AND version = ?',
    params: [after.ticket?.ticketId ?? null, JSON.stringify({ ...after, version: undefined }), after.id, before.version],
    mustChange: 1,
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

    // Rows are always locked in the same order (facts by id, rollup rows by key), so two writers on PostgreSQL never deadlock.
    commit(writes, deltas) {
      const daily = facetDeltas(deltas);
      const ordered = [...writes].sort((a, b) => (a.after.id < b.after.id ? -1 : a.after.id > b.after.id ? 1 : 0));
      return sql.batch([
        ...insertFacts(ordered.filter((write) => !write.before).map((write) => write.after)),
        ...ordered.flatMap((write) => (write.before ? [updateFact(write.before, write.after)] : [])),
        ...upsertRollups('report_daily', daily),
        ...upsertRollups('report_monthly', byMonth(daily)),
      ]);
    },

    async aggregate(filter, groupBy) {
      const { facet, columns } = facetFor(groupBy);
      if (filter.sources?.length === 0 || filter.queues?.length === 0) return [];
      const dims = Object.entries(columns) as [Dimension, string][];
      const sums = COUNTERS.map((name) => `SUM(${COLUMN[name]}) AS ${COLUMN[name]}`).join(', ');
      const read = async (table: 'report_daily' | 'report_monthly', first: string, last: string) => {
        const period = table === 'report_daily' ? 'day' : 'month';
        const where = ['facet = ?', `${period} >= ?`, `${period} <= ?`];
        const params: unknown[] = [facet, first, last];
        if (filter.sources) {
          where.push(`source IN (${marks(filter.sources.length)})`);
          params.push(...filter.sources);
        }
        if (filter.queues) {
          where.push(`queue IN (${marks(filter.queues.length)})`);
          params.push(...filter.queues);
        }
        return sql.all<Record<string, string | number | null>>(
          `SELECT ${dims.map(([dimension, column]) => `${column} AS ${dimension}`).join(', ')}${dims.length ? ', ' : ''}${sums} FROM ${table} WHERE ${where.join(' AND ')}${dims.length ? ` GROUP BY ${dims.map(([, column]) => column).join(', ')}` : ''}`,
          params,
        );
      };
      // Whole months from the monthly rows, the days before and after them from the daily ones.
      const split = splitPeriod(filter.from, filter.to, groupBy.includes('day'));
      const parts = await Promise.all([
        ...(split.months ? [read('report_monthly', split.months[0], split.months[1])] : []),
        ...split.days.map(([first, last]) => read('report_daily', first, last)),
      ]);
      const merged = new Map<string, RollupGroup>();
      for (const row of parts.flat()) {
        const key = Object.fromEntries(dims.map(([dimension]) => [dimension, String(row[dimension])])) as Partial<RollupKey>;
        const id = JSON.stringify(key);
        let group = merged.get(id);
        if (!group) {
          group = { key, counters: zeroCounters() };
          merged.set(id, group);
        }
        for (const name of COUNTERS) group.counters[name] += Number(row[COLUMN[name]] ?? 0);
      }
      const groups = [...merged.values()];
      if (dims.length === 0 && groups.length === 0) return [{ key: {}, counters: zeroCounters() }];
      return groups.filter((group) => dims.length === 0 || group.counters.conversations !== 0);
    },

    async forgetThreads(threadIds) {
      let removed = 0;
      for (let at = 0; at < threadIds.length; at += 500) {
        const chunk = threadIds.slice(at, at + 500);
        const rows = await sql.all<{ id: string }>(`DELETE FROM report_conversations WHERE thread_id IN (${marks(chunk.length)}) RETURNING id`, chunk);
        removed += rows.length;
      }
      return removed;
    },

    async sources() {
      const found: ReportSource[] = [];
      // One indexed probe per source, never a scan.
      for (const source of ['live', 'eval', 'demo'] as ReportSource[]) {
        const rows = await sql.all<{ n: number }>("SELECT 1 AS n FROM report_daily WHERE facet = 'total' AND source = ? AND conversations > 0 LIMIT 1", [source]);
        if (rows.length) found.push(source);
      }
      return found;
    },
  };
}
