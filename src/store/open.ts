import { ConfigError } from '../errors.ts';
import { openPostgresStore } from './postgres.ts';
import { openSqliteStore } from './sqlite.ts';
import type { Store } from './types.ts';
import type { Logger } from '../gateway/channel.ts';

/** Opens (and migrates) the store `DATABASE_URL` names. */
export async function openStore(databaseUrl: string, logger?: Logger): Promise<Store> {
  if (databaseUrl.startsWith('sqlite:')) return openSqliteStore(databaseUrl, logger);
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    return openPostgresStore(databaseUrl, {
      onIdleClientError: logger ? (error) => logger.warn({ err: error }, 'PostgreSQL connection lost; the pool reconnects') : undefined,
    });
  }
  throw new ConfigError(`DATABASE_URL must start with sqlite: or postgres:// (got ${databaseUrl.replace(/\/\/[^@]*@/, '//***@')})`);
}
