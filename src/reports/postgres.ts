import type pg from 'pg';
import { isStoreFault } from '../store/faults.ts';
import { createReportStore, type ReportSql, type ReportStore } from './store.ts';

/** `?` → `$1, $2...` (the shared statements hold no literal question mark). */
function numbered(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

/** The report store on the gateway's PostgreSQL pool: a batch is one transaction on one connection. */
export function postgresReportStore(pool: pg.Pool): ReportStore {
  const sql: ReportSql = {
    all: async <T>(query: string, params: unknown[]) => (await pool.query(numbered(query), params)).rows as T[],
    async batch(statements) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        for (const statement of statements) {
          const result = await client.query(numbered(statement.sql), statement.params);
          if (statement.mustChange !== undefined && (result.rowCount ?? 0) < statement.mustChange) {
            await client.query('ROLLBACK');
            client.release();
            return false;
          }
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        // A connection that failed under us goes back broken: the pool drops it.
        client.release(isStoreFault(error) ? (error as Error) : undefined);
        throw error;
      }
      client.release();
      return true;
    },
  };
  return createReportStore(sql);
}
