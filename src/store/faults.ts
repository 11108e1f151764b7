import { GatewayError } from '../errors.ts';

/**
 * The database could not do its part just now (a connection dropped, the server is restarting,
 * another process holds the lock, the file cannot be written). The work stays where it is and is
 * tried again; it is never answered with an apology.
 */
export class StoreUnavailableError extends GatewayError {
  /** True when retrying at once cannot help (the database file is gone): only a person can fix it. */
  readonly lasting: boolean;

  constructor(message: string, options?: { cause?: unknown; lasting?: boolean }) {
    super(message, 'store_unavailable', options);
    this.lasting = options?.lasting ?? false;
  }
}

/**
 * SQLSTATE classes that pass: 08 connection exception, 40 transaction rollback (serialization
 * failure, deadlock), 53 insufficient resources, 57 operator intervention (admin shutdown, crash
 * shutdown, cannot connect now, statement timeout), 58 system error (I/O).
 */
const POSTGRES_CLASSES = new Set(['08', '40', '53', '57', '58']);
/** And single codes: a read-only transaction (a failover in progress), a lock not available. */
const POSTGRES_CODES = new Set(['25006', '55P03']);
/** Socket errors on the way to the server. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED']);
/** node-postgres reports a lost connection in words, without a code. */
const POSTGRES_MESSAGES = /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect|Client was closed|Connection ended|the database system is (starting up|shutting down)/i;
/** SQLite: busy or locked by another connection, read-only, I/O errors, full disk, a file that cannot be opened. */
const SQLITE_CODES = /^SQLITE_(BUSY|LOCKED|READONLY|IOERR|CANTOPEN|FULL|PROTOCOL)/;

/**
 * True when `error` (or an error it wraps) is the database's passing fault rather than a bug or a
 * failure of the assistant. Works on errors of node-postgres, better-sqlite3 and this module.
 */
export function isStoreFault(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    if (current instanceof StoreUnavailableError) return true;
    if (typeof current !== 'object') return false;
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string') {
      if (SQLITE_CODES.test(code) || NETWORK_CODES.has(code) || POSTGRES_CODES.has(code)) return true;
      if (/^[0-9A-Z]{5}$/.test(code) && POSTGRES_CLASSES.has(code.slice(0, 2))) return true;
    }
    if (typeof message === 'string' && POSTGRES_MESSAGES.test(message)) return true;
  }
  return false;
}

/** A short description of a store fault for logs and `last_error` (no stack, no values). */
export function describeFault(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
