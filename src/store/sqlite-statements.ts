import type Database from 'better-sqlite3';

/** Statements prepared once each on `db`, for parts that build their SQL as text (handoff, reports). */
export function statementCache(db: Database.Database): (sql: string) => Database.Statement {
  const cache = new Map<string, Database.Statement>();
  return (sql) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
}

/** SQLite binds booleans and dates as numbers already; `undefined` becomes NULL. */
export const bindParams = (params: unknown[]) => params.map((value) => (value === undefined ? null : value));
