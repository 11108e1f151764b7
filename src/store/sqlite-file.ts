import { accessSync, constants, existsSync, statSync } from 'node:fs';
import type Database from 'better-sqlite3';

/**
 * The file behind a SQLite store, as it was when the store opened it. An open connection keeps
 * writing to that file even after it was removed or replaced at its path, and all of that is
 * lost at the next start: this says when that happened, and can write the data back.
 */
export class DatabaseFile {
  private readonly dev: number;
  private readonly ino: number;

  constructor(readonly path: string) {
    const opened = statSync(path);
    this.dev = opened.dev;
    this.ino = opened.ino;
  }

  /** What happened to the file since it was opened, if anything: removed, or replaced by another file. */
  problem(): string | undefined {
    try {
      const now = statSync(this.path);
      if (now.ino !== this.ino || now.dev !== this.dev) return `the database file ${this.path} was replaced by another file while the gateway runs`;
      return undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return `the database file ${this.path} was removed while the gateway runs`;
      return `the database file ${this.path} cannot be checked: ${(error as Error).message}`;
    }
  }

  /** Read-only for this process, or marked read-only for everyone (root could still write, but someone meant it not to). */
  readOnly(): boolean {
    try {
      accessSync(this.path, constants.W_OK);
      return (statSync(this.path).mode & 0o222) === 0;
    } catch {
      return true;
    }
  }

  /**
   * Writes what `db` holds back to the path (`VACUUM INTO`), only into an empty place: a file
   * someone put back, or a new one, is theirs. True when written.
   */
  rescue(db: Database.Database): boolean {
    if (['', '-wal', '-shm'].some((suffix) => existsSync(`${this.path}${suffix}`))) return false;
    try {
      db.prepare('VACUUM INTO ?').run(this.path);
      return true;
    } catch {
      return false;
    }
  }
}
