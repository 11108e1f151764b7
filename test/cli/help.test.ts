import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const run = (args: string[]) => spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, NODE_ENV: 'test' } });

describe('help on the command line', () => {
  it('switchboard --help lists the commands', { timeout: 90_000 }, () => {
    for (const flag of ['--help', '-h', 'help']) {
      const result = run(['bin/switchboard.js', flag]);
      expect(result.status).toBe(0);
      for (const command of ['start', 'chat', 'train']) expect(result.stdout).toMatch(new RegExp(`^  ${command}\\s+\\S`, 'm'));
    }
    const unknown = run(['bin/switchboard.js', 'serve']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Unknown command: serve');
    expect(unknown.stderr).toContain('Commands:');
  });

  it('the bench explains every option', { timeout: 90_000 }, () => {
    const result = run(['--import', 'tsx', 'bench/index.ts', '--help']);
    expect(result.status).toBe(0);
    for (const option of ['--seconds N', '--connections N', '--messages N', '--db sqlite|postgres', '--no-channels', '-h, --help']) {
      expect(result.stdout).toMatch(new RegExp(`^  ${option.replace(/[|-]/g, '\\$&')}\\s`, 'm'));
    }
    const wrong = run(['--import', 'tsx', 'bench/index.ts', '--db', 'mysql']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('--db takes sqlite or postgres (got "mysql")');
  });
});
