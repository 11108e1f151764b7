import type Database from 'better-sqlite3';
import type { SqlRunner } from './sql-runner.ts';
import { createSqlTicketStore } from './tickets-sql.ts';
import type { TicketStore } from './types.ts';

/** SQLite booleans and dates are bound as numbers; `undefined` becomes NULL. */
const bind = (params: unknown[]) => params.map((value) => (value === undefined ? null : value));

/** The handoff's statements on the gateway's own SQLite connection (`SqliteStore.db`), prepared once each. */
export function sqliteRunner(db: Database.Database): SqlRunner {
  const cache = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
  return {
    dialect: 'sqlite',
    all: async <T>(sql: string, params: unknown[] = []) => {
      const statement = prepare(sql);
      return (statement.reader ? statement.all(...bind(params)) : (statement.run(...bind(params)), [])) as T[];
    },
    run: async (sql, params = []) => prepare(sql).run(...bind(params)).changes,
    exec: async (sql) => {
      db.exec(sql);
    },
  };
}

/** The ticket tables on the gateway's own SQLite connection (`SqliteStore.db`). */
export function sqliteTicketStore(db: Database.Database): TicketStore {
  return createSqlTicketStore(sqliteRunner(db));
}
