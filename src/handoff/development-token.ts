/**
 * A development run without `CONSOLE_TOKEN` or agent tokens would have a console nobody can
 * sign in to, and escalations nobody can work. So `npm start` makes a supervisor token once,
 * keeps it in a file only its owner can read (never in the log), and says where it is.
 * Production never gets one: there `CONSOLE_TOKEN` is required.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export const DEVELOPMENT_TOKEN_FILE = 'data/console-token';

export interface DevelopmentToken {
  token: string;
  /** Where it is kept, for the start-up line. */
  path: string;
}

/**
 * The development supervisor token, made on first need and kept in `file`; undefined when
 * tokens are configured, in production, or when the file cannot be read or written (a
 * convenience never stops start-up: the console then stays off, as without it).
 */
export function developmentConsoleToken(
  env: { NODE_ENV?: string; CONSOLE_TOKEN?: string; HANDOFF_AGENT_TOKENS?: string },
  file: string = DEVELOPMENT_TOKEN_FILE,
): DevelopmentToken | undefined {
  if (env.NODE_ENV === 'production' || env.CONSOLE_TOKEN || env.HANDOFF_AGENT_TOKENS) return undefined;
  const path = resolve(file);
  try {
    const kept = existsSync(path) ? readFileSync(path, 'utf8').trim() : '';
    if (kept.length >= 24) return { token: kept, path };
    mkdirSync(dirname(path), { recursive: true });
    const token = randomBytes(24).toString('base64url');
    writeFileSync(path, `${token}\n`, { mode: 0o600 });
    chmodSync(path, 0o600);
    return { token, path };
  } catch {
    return undefined;
  }
}
