import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { Logger } from '../../src/gateway/channel.ts';
import { openStore } from '../../src/store/open.ts';
import { freePort, runGatewayUntilExit } from '../helpers/gateway-process.ts';
import { openFailure } from '../helpers/startup.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/*
 * An operator's start-up mistakes, each met as `npm start` meets them: one line on stderr that
 * names the cause and the fix, exit code 1, no stack trace unless LOG_LEVEL=debug.
 */
const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLogger };
const dir = tempDir('switchboard-startup-');
chmodSync(dir, 0o755);

/** The one line a failed start prints (the gateway's JSON logs go to stdout). */
function failureLine(result: { code: number | null; stderr: string }): string {
  expect(result.code).toBe(1);
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  return lines[0]!;
}

describe('start-up errors name the cause and the fix', () => {
  it('PostgreSQL refusing connections: one line with the host, the port and what to do, without the password', { timeout: 150_000 }, async () => {
    const port = await freePort();
    const result = await runGatewayUntilExit({ DATABASE_URL: `postgres://app:s3cret@127.0.0.1:${port}/switchboard` });
    const line = failureLine(result);
    expect(line).toContain(`127.0.0.1:${port}`);
    expect(line).toMatch(/connection refused/i);
    expect(line).toMatch(/Start PostgreSQL there, or correct the host and port in DATABASE_URL/);
    expect(line).not.toContain('s3cret');
  });

  it('a port in use; the stack only at LOG_LEVEL=debug', { timeout: 150_000 }, async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const result = await runGatewayUntilExit({ DATABASE_URL: `sqlite:${join(dir, 'port.db')}`, PORT: String(port), LOG_LEVEL: 'debug' });
      expect(result.code).toBe(1);
      const [line] = result.stderr.split('\n');
      expect(line).toContain(`Port ${port} is already in use on 127.0.0.1`);
      expect(line).toMatch(/set PORT to a free port/);
      expect(result.stderr).toMatch(/EADDRINUSE[\s\S]*^\s+at /m);
    } finally {
      blocker.close();
    }
  });

  it('a read-only SQLite file', { timeout: 150_000 }, async () => {
    const readonlyDir = join(dir, 'readonly');
    mkdirSync(readonlyDir);
    const path = join(readonlyDir, 'gateway.db');
    openSqliteStore(`sqlite:${path}`).db.close();
    chmodSync(path, 0o444);
    chmodSync(readonlyDir, 0o555);
    // root writes through file modes: run the gateway as an unprivileged user, as a real deployment would.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const line = failureLine(await runGatewayUntilExit({ DATABASE_URL: `sqlite:${path}` }, asUser));
    expect(line).toContain(`The SQLite database ${path} (DATABASE_URL) is read-only`);
    expect(line).toMatch(/Make the file and its directory writable/);
  });
});

describe('SQLite paths at start', () => {
  it('a path that is a directory', async () => {
    expect(await openFailure(`sqlite:${dir}`)).toMatch(new RegExp(`^The SQLite database ${dir} \\(DATABASE_URL\\) cannot be opened .*Fix the path or its permissions`));
  });

  it('a file that is not a SQLite database', async () => {
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'These are my notes, not a database. '.repeat(10));
    expect(await openFailure(`sqlite:${path}`)).toContain(`${path} (DATABASE_URL) is not a usable SQLite database`);
  });

  it('a missing directory is created, and the log says so', async () => {
    const nested = join(dir, 'new', 'data');
    const logged: string[] = [];
    const store = await openStore(`sqlite:${join(nested, 'gateway.db')}`, { ...silentLogger, info: (_fields, message) => logged.push(message ?? '') });
    await store.close();
    expect(existsSync(join(nested, 'gateway.db'))).toBe(true);
    expect(logged).toEqual([`created the directory ${nested} for the SQLite database (DATABASE_URL)`]);
  });

  it('a directory that cannot be created is refused in one line', async () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, '');
    const line = await openFailure(`sqlite:${join(file, 'sub', 'gateway.db')}`);
    expect(line).toContain(`The directory ${join(file, 'sub')} for the SQLite database`);
    expect(line).toMatch(/cannot be created \(ENOTDIR\)/);
    expect(line).not.toContain('\n');
  });
});
