import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server the PostgreSQL suites use: `TEST_POSTGRES_URL`, else the local one on 127.0.0.1:5432. */
export const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Creates a fresh, empty database for one test file and returns its URL and a drop function. */
export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `switchboard_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
