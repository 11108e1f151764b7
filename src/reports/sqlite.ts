import type Database from 'better-sqlite3';
import { createReportStore, type ReportSql, type ReportStore, type Statement } from './store.ts';

const bind = (params: unknown[]) => params.map((value) => (value === undefined ? null : value));

/** The report store on the gateway's SQLite connection: a batch is one synchronous transaction. */
export function sqliteReportStore(db: Database.Database): ReportStore {
  const cache = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
  class LostRace extends Error {}
  const run = db.transaction((statements: Statement[]) => {
    for (const statement of statements) {
      const changed = prepare(statement.sql).run(...bind(statement.params)).changes;
      if (statement.mustChange !== undefined && changed < statement.mustChange) throw new LostRace();
    }
  });
  const sql: ReportSql = {
    all: async <T>(query: string, params: unknown[]) => prepare(query).all(...bind(params)) as T[],
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
