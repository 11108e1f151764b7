import type Database from 'better-sqlite3';
import { bindParams, statementCache } from '../store/sqlite-statements.ts';
import { createReportStore, type ReportSql, type ReportStore, type Statement } from './store.ts';

/** Runs a `db.transaction` function: at once in a transaction of its own, or in the store's shared commit. */
export type SqliteWriteRunner = <A extends unknown[], T>(write: Database.Transaction<(...args: A) => T>, ...args: A) => Promise<T>;

const immediately: SqliteWriteRunner = async (write, ...args) => write.immediate(...args);

/**
 * The report store on the gateway's SQLite connection: a batch is one transaction, run by
 * `runWrite`. The gateway passes its group commit (`SqliteStore.grouped`): every turn writes the
 * same hot rollup rows (the day's totals), and turns committing in the same tick then write
 * those pages to the WAL once. A batch that lost its race rolls back alone (its savepoint).
 */
export function sqliteReportStore(db: Database.Database, runWrite: SqliteWriteRunner = immediately): ReportStore {
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
        await runWrite(run, statements);
        return true;
      } catch (error) {
        if (error instanceof LostRace) return false;
        throw error;
      }
    },
  };
  return createReportStore(sql);
}
