import { ConfigError } from '../errors.ts';
import { openPostgresStore } from './postgres.ts';
import { openSqliteStore } from './sqlite.ts';
import type { Store } from './types.ts';

/** Opens (and migrates) the store `DATABASE_URL` names. */
export async function openStore(databaseUrl: string): Promise<Store> {
  if (databaseUrl.startsWith('sqlite:')) return openSqliteStore(databaseUrl);
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return openPostgresStore(databaseUrl);
  throw new ConfigError(`DATABASE_URL must start with sqlite: or postgres:// (got ${databaseUrl.replace(/\/\/[^@]*@/, '//***@')})`);
}
