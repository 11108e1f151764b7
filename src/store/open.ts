import { ConfigError } from '../errors.ts';
import { openSqliteStore } from './sqlite.ts';
import type { Store } from './types.ts';

/** Opens the store `DATABASE_URL` names. */
export async function openStore(databaseUrl: string): Promise<Store> {
  if (databaseUrl.startsWith('sqlite:')) return openSqliteStore(databaseUrl);
  throw new ConfigError(`DATABASE_URL ${databaseUrl.replace(/\/\/[^@]*@/, '//***@')} is not supported by this build; use sqlite:PATH`);
}
