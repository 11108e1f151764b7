import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.ts';

const dir = tempDir();

/** Runs `switchboard chat` as a script would: lines on stdin, replies on stdout. */
function chat(args: string[], input: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/switchboard.js', 'chat', ...args], {
      env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'chat.db')}`, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('npm run chat, scripted', () => {
  it('answers each line of a piped conversation, then exits at end of input', { timeout: 90_000 }, async () => {
    const run = await chat(['--user', '+46701234567'], 'when is my next payment due?\n\nwhere is my refund for order 1042?\n');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n').filter(Boolean);
    expect(run.stdout).toMatch(/799,00\s?kr/);
    expect(run.stdout).toContain('1042');
    expect(run.stdout).toMatch(/refund/i);
    expect(lines.length).toBeGreaterThanOrEqual(2);
  });

  it('continues the same conversation in a second run with the same --user', { timeout: 90_000 }, async () => {
    const first = await chat(['--user', '+46701234567'], 'where is order 1043?\n');
    expect(first.stdout).toContain('PN104300001SE');
    const second = await chat(['--user', '+46701234567'], 'and when will it arrive?\n');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('1043');
  });

  it('keeps people apart: another --user does not see that conversation', { timeout: 90_000 }, async () => {
    const other = await chat(['--user', 'someone-else'], 'and when will it arrive?\n');
    expect(other.code).toBe(0);
    expect(other.stdout).not.toContain('1043');
  });

  it('a listed choice is chosen by typing its number; a number not listed stays text', { timeout: 90_000 }, async () => {
    const run = await chat(['--user', '+46701234567'], 'I want to dispute a purchase\n2\n3\n');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('[2] #1044');
    // "2" chose #1044: the dispute is proposed on that order, with Yes/No as [1] and [2].
    expect(run.stdout).toMatch(/Shall I open a dispute for 2\s397,00\s?kr on order 1044/);
    expect(run.stdout).toContain('[2] No');
    // "3" is not one of the two choices: it was read as words, and nothing was opened.
    expect(run.stdout).not.toContain("I've opened dispute");
  });

  it('a typed order number is an order number, not a choice', { timeout: 90_000 }, async () => {
    const run = await chat(['--user', '+46701234567'], 'I want to dispute a purchase\n1043\n');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Shall I open a dispute for 849,00\s?kr on order 1043/);
  });

  it('refuses unknown options with usage and exit code 2', async () => {
    const run = await chat(['--colour', 'red'], '');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Usage: npm run chat');
  });

  it('stops with the variable name when the configuration is wrong', async () => {
    const run = await chat([], 'hi\n', { PORT: 'seventy' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('PORT');
  });
});
