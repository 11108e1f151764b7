import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { developmentConsoleToken } from './development-token.ts';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the development console token', () => {
  it('is made once, readable only by its owner, and kept across starts', () => {
    dir = mkdtempSync(join(tmpdir(), 'sb-token-'));
    const file = join(dir, 'data', 'console-token');
    const first = developmentConsoleToken({ NODE_ENV: 'development' }, file)!;
    expect(first.token.length).toBeGreaterThanOrEqual(24);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.token);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(developmentConsoleToken({}, file)!.token).toBe(first.token);
  });

  it('is never made in production or when tokens are configured', () => {
    dir = mkdtempSync(join(tmpdir(), 'sb-token-'));
    const file = join(dir, 'console-token');
    expect(developmentConsoleToken({ NODE_ENV: 'production' }, file)).toBeUndefined();
    expect(developmentConsoleToken({ CONSOLE_TOKEN: 'chosen-token-123456789' }, file)).toBeUndefined();
    expect(developmentConsoleToken({ HANDOFF_AGENT_TOKENS: 'gus=gus-token-123456' }, file)).toBeUndefined();
    expect(() => statSync(file)).toThrow();
  });

  it('never stops start-up: a file it cannot write means no token', () => {
    dir = mkdtempSync(join(tmpdir(), 'sb-token-'));
    expect(developmentConsoleToken({}, join(dir, 'not-a-dir', 'x', '\0bad'))).toBeUndefined();
  });
});
