import { describe, expect, it } from 'vitest';
import { openFailure } from '../helpers/startup.ts';
import { ADMIN_URL } from './database.ts';

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
