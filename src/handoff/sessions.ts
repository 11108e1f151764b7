import type { SqlRunner } from './sql-runner.ts';

/** A signed-in console session as the database keeps it (never the cookie itself). */
export interface ConsoleSession {
  /** SHA-256 of the cookie's random value: a copy of the table signs nobody in. */
  idHash: string;
  agentId: string;
  name: string;
  /** Which configured token signed in (see `tokenFingerprint`): a token removed from the configuration ends its sessions. */
  tokenFingerprint: string;
  createdAt: Date;
  expiresAt: Date;
}

/**
 * Console sessions, server-side: logging out or expiring ends a session for every replica, so
 * a copied or replayed cookie stops working. SQLite and PostgreSQL share these statements and
 * pass `test/handoff/session-store.suite.ts`.
 */
export interface ConsoleSessionStore {
  migrate(): Promise<void>;
  /** Stores a session and keeps at most `keepPerToken` of the newest signed in with the same token (older ones end). */
  create(session: ConsoleSession, keepPerToken: number): Promise<void>;
  /** The session, unless it ended or expired by `now`. */
  get(idHash: string, now: Date): Promise<ConsoleSession | undefined>;
  /** Ends a session; true when one was ended. */
  delete(idHash: string): Promise<boolean>;
  /** Removes sessions expired by `now`; the number removed. */
  prune(now: Date): Promise<number>;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS handoff_sessions (
  id_hash TEXT PRIMARY KEY,
  agent_id TEXT NOT NULL,
  name TEXT NOT NULL,
  token_fingerprint TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS handoff_sessions_expiry ON handoff_sessions (expires_at);
CREATE INDEX IF NOT EXISTS handoff_sessions_token ON handoff_sessions (token_fingerprint, created_at);
`;

interface SessionRow {
  id_hash: string;
  agent_id: string;
  name: string;
  token_fingerprint: string;
  created_at: number | string;
  expires_at: number | string;
}

/** The session table on any {@link SqlRunner} (PostgreSQL returns BIGINT as strings: dates go through Number()). */
export function createSqlSessionStore(db: SqlRunner): ConsoleSessionStore {
  return {
    migrate: () => db.exec(SCHEMA),

    async create(session, keepPerToken) {
      await db.run('INSERT INTO handoff_sessions (id_hash, agent_id, name, token_fingerprint, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)', [
        session.idHash,
        session.agentId,
        session.name,
        session.tokenFingerprint,
        session.createdAt.getTime(),
        session.expiresAt.getTime(),
      ]);
      // Bounded: signing in again and again (a script, a shared supervisor token under many names)
      // never grows the table past this per token.
      await db.run(
        `DELETE FROM handoff_sessions WHERE token_fingerprint = ? AND id_hash NOT IN
           (SELECT id_hash FROM handoff_sessions WHERE token_fingerprint = ? ORDER BY created_at DESC, id_hash LIMIT ?)`,
        [session.tokenFingerprint, session.tokenFingerprint, keepPerToken],
      );
    },

    async get(idHash, now) {
      const [row] = await db.all<SessionRow>('SELECT * FROM handoff_sessions WHERE id_hash = ? AND expires_at > ?', [idHash, now.getTime()]);
      if (!row) return undefined;
      return {
        idHash: row.id_hash,
        agentId: row.agent_id,
        name: row.name,
        tokenFingerprint: row.token_fingerprint,
        createdAt: new Date(Number(row.created_at)),
        expiresAt: new Date(Number(row.expires_at)),
      };
    },

    delete: async (idHash) => (await db.run('DELETE FROM handoff_sessions WHERE id_hash = ?', [idHash])) === 1,

    prune: (now) => db.run('DELETE FROM handoff_sessions WHERE expires_at <= ?', [now.getTime()]),
  };
}
