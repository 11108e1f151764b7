import type pg from 'pg';
import { isStoreFault } from './faults.ts';

/**
 * Runs `work` in one transaction on one pooled connection. A connection that failed under us
 * goes back broken, so the pool drops it instead of lending it again; every part of the
 * gateway that writes to PostgreSQL in a transaction goes through here.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let result: T;
  try {
    await client.query('BEGIN');
    result = await work(client);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release(isStoreFault(error) ? (error as Error) : undefined);
    throw error;
  }
  client.release();
  return result;
}

/** `?` → `$1, $2...`, for statements shared with SQLite (they never hold a literal question mark). */
export function numbered(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}
