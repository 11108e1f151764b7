import { ConfigError } from '../errors.ts';
import { openSqliteStore, type SqliteStoreOptions } from './sqlite.ts';
import type { Store } from './types.ts';
import type { Logger } from '../gateway/channel.ts';

/** Opens (and migrates) the store `DATABASE_URL` names. The PostgreSQL store (pg, its checkpointer) loads only for a postgres:// URL. */
export async function openStore(databaseUrl: string, logger?: Logger, options: SqliteStoreOptions = {}): Promise<Store> {
  if (databaseUrl.startsWith('sqlite:')) return openSqliteStore(databaseUrl, { ...options, ...(logger ? { logger } : {}) });
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    const { openPostgresStore } = await import('./postgres.ts');
    return openPostgresStore(databaseUrl, {
      onConnectionLost: logger
        ? (error, context) => logger.warn({ err: { message: error.message, code: (error as { code?: string }).code }, ...context }, 'PostgreSQL connection lost; the pool opens a new one')
        : undefined,
    });
  }
  throw new ConfigError(`DATABASE_URL must start with sqlite: or postgres:// (got ${databaseUrl.replace(/\/\/[^@]*@/, '//***@')})`);
}
