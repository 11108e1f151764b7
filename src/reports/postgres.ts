import type pg from 'pg';
import { inTransaction, numbered } from '../store/pg-transaction.ts';
import { createReportStore, type ReportSql, type ReportStore } from './store.ts';

/** Another writer changed the rows this batch read: the batch is rolled back and read again. */
class LostRace extends Error {}

/** The report store on the gateway's PostgreSQL pool: a batch is one transaction on one connection. */
export function postgresReportStore(pool: pg.Pool): ReportStore {
  const sql: ReportSql = {
    all: async <T>(query: string, params: unknown[]) => (await pool.query(numbered(query), params)).rows as T[],
    async batch(statements) {
      try {
        await inTransaction(pool, async (client) => {
          for (const statement of statements) {
            const result = await client.query(numbered(statement.sql), statement.params);
            if (statement.mustChange !== undefined && (result.rowCount ?? 0) < statement.mustChange) throw new LostRace();
          }
        });
        return true;
      } catch (error) {
        if (error instanceof LostRace) return false;
        throw error;
      }
    },
  };
  return createReportStore(sql);
}
