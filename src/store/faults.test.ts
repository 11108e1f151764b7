import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { StoreUnavailableError, isStoreFault } from './faults.ts';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('store faults: what passes and is retried, what is a bug', () => {
  it('knows a lost PostgreSQL connection, a server shutting down, a serialization failure and a refused socket', () => {
    expect(isStoreFault(withCode('terminating connection due to administrator command', '57P01'))).toBe(true);
    expect(isStoreFault(withCode('the database system is starting up', '57P03'))).toBe(true);
    expect(isStoreFault(withCode('could not serialize access due to concurrent update', '40001'))).toBe(true);
    expect(isStoreFault(withCode('cannot execute INSERT in a read-only transaction', '25006'))).toBe(true);
    expect(isStoreFault(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(true);
    expect(isStoreFault(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isStoreFault(new Error('timeout exceeded when trying to connect'))).toBe(true);
  });

  it('knows a busy, locked or read-only SQLite file from better-sqlite3 itself', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (x)');
    db.pragma('query_only = ON');
    let error: unknown;
    try {
      db.prepare('INSERT INTO t VALUES (1)').run();
    } catch (caught) {
      error = caught;
    }
    db.close();
    expect((error as { code?: string }).code).toMatch(/^SQLITE_READONLY/);
    expect(isStoreFault(error)).toBe(true);
    expect(isStoreFault(withCode('database is locked', 'SQLITE_BUSY'))).toBe(true);
  });

  it('looks through wrapping errors and knows its own', () => {
    expect(isStoreFault(new Error('turn failed', { cause: withCode('database is locked', 'SQLITE_BUSY') }))).toBe(true);
    expect(isStoreFault(new StoreUnavailableError('SqliteError: database is locked'))).toBe(true);
  });

  it('leaves bugs and the assistant’s failures alone: those are not retried forever', () => {
    expect(isStoreFault(withCode('duplicate key value violates unique constraint', '23505'))).toBe(false);
    expect(isStoreFault(withCode('syntax error at or near "SELEC"', '42601'))).toBe(false);
    expect(isStoreFault(withCode('UNIQUE constraint failed: inbox.id', 'SQLITE_CONSTRAINT_UNIQUE'))).toBe(false);
    expect(isStoreFault(new TypeError("Cannot read properties of undefined (reading 'text')"))).toBe(false);
    expect(isStoreFault(new pg.DatabaseError('relation "nope" does not exist', 0, 'error'))).toBe(false);
    expect(isStoreFault(undefined)).toBe(false);
  });
});
