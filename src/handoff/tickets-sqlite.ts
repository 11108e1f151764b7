import type Database from 'better-sqlite3';
import { bindParams, statementCache } from '../store/sqlite-statements.ts';
import type { SqlRunner } from './sql-runner.ts';
import { createSqlTicketStore } from './tickets-sql.ts';
import type { TicketStore } from './types.ts';

/** The handoff's statements on the gateway's own SQLite connection (`SqliteStore.db`), prepared once each. */
export function sqliteRunner(db: Database.Database): SqlRunner {
  const prepare = statementCache(db);
  return {
    dialect: 'sqlite',
    all: async <T>(sql: string, params: unknown[] = []) => {
      const statement = prepare(sql);
      return (statement.reader ? statement.all(...bindParams(params)) : (statement.run(...bindParams(params)), [])) as T[];
    },
    run: async (sql, params = []) => prepare(sql).run(...bindParams(params)).changes,
    exec: async (sql) => {
      db.exec(sql);
    },
  };
}

/** The ticket tables on the gateway's own SQLite connection (`SqliteStore.db`). */
export function sqliteTicketStore(db: Database.Database): TicketStore {
  return createSqlTicketStore(sqliteRunner(db));
}
