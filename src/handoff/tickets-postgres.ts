import type pg from 'pg';
import { inTransaction, numbered } from '../store/pg-transaction.ts';
import type { SqlRunner } from './sql-runner.ts';
import { createSqlTicketStore } from './tickets-sql.ts';
import type { TicketStore } from './types.ts';


/** A fixed key so that replicas starting together create the tables one after the other. */
const MIGRATION_LOCK = 0x5b0a_4d0f;

/** The handoff's statements on the gateway's PostgreSQL pool (`PostgresStore.pool`). */
export function postgresRunner(pool: pg.Pool): SqlRunner {
  return {
    dialect: 'postgres',
    all: async <T>(sql: string, params: unknown[] = []) => (await pool.query(numbered(sql), params)).rows as T[],
    run: async (sql, params = []) => (await pool.query(numbered(sql), params)).rowCount ?? 0,
    exec: (sql) =>
      inTransaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        await client.query(sql);
      }),
  };
}

/** The ticket tables on the gateway's PostgreSQL pool (`PostgresStore.pool`). */
export function postgresTicketStore(pool: pg.Pool): TicketStore {
  return createSqlTicketStore(postgresRunner(pool));
}
