import { userInfo } from 'node:os';
import { ConfigError, StartupError } from '../errors.ts';

/** What a start-up failure is explained against: where the database and the port are. */
export interface StartupSettings {
  DATABASE_URL: string;
  PORT: number;
  HOST: string;
}

interface SystemError {
  code?: string;
  message?: string;
  address?: string;
  port?: number;
}

/** `DATABASE_URL` as it may be shown: never with its password. */
export const redactDatabaseUrl = (url: string) => url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');

function postgresTarget(url: string): { where: string; database: string; user: string } {
  try {
    const parsed = new URL(url);
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'postgres';
    const user = decodeURIComponent(parsed.username) || userInfo().username;
    return { where: `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}`, database, user };
  } catch {
    return { where: 'the server in DATABASE_URL', database: '?', user: '?' };
  }
}

function explainPostgres(error: SystemError, url: string): string | undefined {
  const { where, database, user } = postgresTarget(url);
  const shown = redactDatabaseUrl(url);
  switch (error.code) {
    case '3D000':
      return `PostgreSQL database "${database}" does not exist on ${where} (DATABASE_URL=${shown}). Create it (createdb -h ${where.split(':')[0]} -U ${user} ${database}) or name an existing database in DATABASE_URL.`;
    case '28000':
      if (/role .* does not exist/.test(error.message ?? '')) {
        return `PostgreSQL role "${user}" does not exist on ${where} (DATABASE_URL=${shown}). Create it (CREATE ROLE "${user}" LOGIN PASSWORD '...') or put an existing user in DATABASE_URL.`;
      }
      return `PostgreSQL on ${where} refuses user "${user}" from this host: ${error.message} (DATABASE_URL=${shown}). Allow it in pg_hba.conf, or connect as a user that is allowed.`;
    case '28P01':
      return `PostgreSQL on ${where} rejected the password of user "${user}" (DATABASE_URL=${shown}). Put the right password in DATABASE_URL (postgres://user:password@host/db).`;
    case '42501':
      return `PostgreSQL user "${user}" may not create Switchboard's tables in "${database}" on ${where}: ${error.message}. Grant it (GRANT CREATE ON SCHEMA public TO "${user}") or connect as the database's owner.`;
    case 'ECONNREFUSED':
      return `Nothing accepts PostgreSQL connections on ${where}: connection refused (DATABASE_URL=${shown}). Start PostgreSQL there, or correct the host and port in DATABASE_URL.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The PostgreSQL host in DATABASE_URL (${where}) cannot be found: ${error.code}. Correct the host name in DATABASE_URL.`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `PostgreSQL on ${where} cannot be reached (${error.code}) (DATABASE_URL=${shown}). Check the host, the port and any firewall between here and there.`;
    default:
      return undefined;
  }
}

function explainSqlite(error: SystemError, url: string): string | undefined {
  const path = url.replace(/^sqlite:/, '');
  const code = error.code ?? '';
  if (code.startsWith('SQLITE_READONLY')) {
    return `The SQLite database ${path} (DATABASE_URL) is read-only for user ${userInfo().username}. Make the file and its directory writable (chown/chmod), or point DATABASE_URL at a writable path.`;
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') {
    return `The SQLite database ${path} (DATABASE_URL) cannot be opened (${error.message}): it must be a file (not a directory) that user ${userInfo().username} may read and write. Fix the path or its permissions in DATABASE_URL.`;
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return `${path} (DATABASE_URL) is not a usable SQLite database (${error.message}). Point DATABASE_URL at a new file or a Switchboard database; restore a backup if this was one.`;
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return `The SQLite database ${path} (DATABASE_URL) stays locked by another process. Stop whatever holds it, or use PostgreSQL to run several gateways on one database.`;
  }
  return undefined;
}

function explainListen(error: SystemError, settings: StartupSettings): string | undefined {
  const where = `${settings.HOST.includes(':') ? `[${settings.HOST}]` : settings.HOST}:${settings.PORT}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return `Port ${settings.PORT} is already in use on ${settings.HOST} (PORT=${settings.PORT}): another process, perhaps another Switchboard, listens there. Stop it, or set PORT to a free port.`;
    case 'EACCES':
      return `This user may not listen on ${where} (PORT=${settings.PORT}): ports below 1024 need privileges. Set PORT above 1023 (3000 is the default) and let a reverse proxy take port 80/443.`;
    case 'EADDRNOTAVAIL':
      return `HOST=${settings.HOST} is not an address of this machine, so nothing can listen on ${where}. Set HOST to one of its addresses, 127.0.0.1 (this machine only) or 0.0.0.0 (every interface).`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `HOST=${settings.HOST} cannot be resolved to an address to listen on. Set HOST to an IP address such as 127.0.0.1 or 0.0.0.0.`;
    default:
      return undefined;
  }
}

/**
 * One line naming the cause of a start-up failure and the fix, for the mistakes operators
 * make: a database that is missing, refuses or is read-only, a port in use. `undefined` for
 * anything else (then the raw message is all there is).
 */
export function explainStartupError(error: unknown, settings: StartupSettings, phase: 'open' | 'listen'): string | undefined {
  if (error instanceof StartupError || error instanceof ConfigError) return error.message;
  const system = (error ?? {}) as SystemError;
  if (phase === 'listen') return explainListen(system, settings);
  if (/^postgres(ql)?:/.test(settings.DATABASE_URL)) return explainPostgres(system, settings.DATABASE_URL);
  if (settings.DATABASE_URL.startsWith('sqlite:')) return explainSqlite(system, settings.DATABASE_URL);
  return undefined;
}
