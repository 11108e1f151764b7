import { describe, expect, it } from 'vitest';
import { explainStartupError } from '../../src/server/startup-errors.ts';
import { openStore } from '../../src/store/open.ts';
import { ADMIN_URL } from './database.ts';

/** The line `npm start` prints when DATABASE_URL names something the PostgreSQL server does not have. */
async function openFailure(databaseUrl: string): Promise<string | undefined> {
  const error = await openStore(databaseUrl).then(
    async (store) => {
      await store.close();
      return undefined;
    },
    (caught: unknown) => caught,
  );
  expect(error, `${databaseUrl} opened`).toBeDefined();
  return explainStartupError(error, { DATABASE_URL: databaseUrl, PORT: 3000, HOST: '0.0.0.0' }, 'open');
}

const withUrl = (change: (url: URL) => void) => {
  const url = new URL(ADMIN_URL);
  change(url);
  return url.toString();
};

describe('PostgreSQL start-up errors name the cause and the fix', () => {
  it('a database that does not exist', async () => {
    const url = withUrl((u) => (u.pathname = '/switchboard_no_such_database'));
    const line = await openFailure(url);
    expect(line).toMatch(/^PostgreSQL database "switchboard_no_such_database" does not exist on /);
    expect(line).toMatch(/Create it \(createdb .* switchboard_no_such_database\) or name an existing database in DATABASE_URL\.$/);
  });

  it('a role that does not exist', async () => {
    const url = withUrl((u) => {
      u.username = 'switchboard_no_such_role';
      u.password = 'hunter2';
    });
    const line = await openFailure(url);
    expect(line).toMatch(/^PostgreSQL role "switchboard_no_such_role" does not exist on /);
    expect(line).toMatch(/CREATE ROLE "switchboard_no_such_role" LOGIN/);
    expect(line).not.toContain('hunter2');
  });
});
