import type Database from 'better-sqlite3';
import { bindParams, statementCache } from '../store/sqlite-statements.ts';
import { createReportStore, type ReportSql, type ReportStore, type Statement } from './store.ts';

/** The report store on the gateway's SQLite connection: a batch is one synchronous transaction. */
export function sqliteReportStore(db: Database.Database): ReportStore {
  const prepare = statementCache(db);
  class LostRace extends Error {}
  const run = db.transaction((statements: Statement[]) => {
    for (const statement of statements) {
      const changed = prepare(statement.sql).run(...bindParams(statement.params)).changes;
      if (statement.mustChange !== undefined && changed < statement.mustChange) throw new LostRace();
    }
  });
  const sql: ReportSql = {
    all: async <T>(query: string, params: unknown[]) => prepare(query).all(...bindParams(params)) as T[],
    async batch(statements) {
      try {
        run.immediate(statements);
        return true;
      } catch (error) {
        if (error instanceof LostRace) return false;
        throw error;
      }
    },
  };
  return createReportStore(sql);
}
