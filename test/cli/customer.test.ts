import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { startGateway } from '../helpers/gateway.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { webClient } from '../helpers/web-client.ts';

const dir = tempDir();
const database = `sqlite:${join(dir, 'customer.db')}`;

/** Runs `switchboard customer …` as an operator would. */
function customer(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/switchboard.js', 'customer', ...args], {
      env: { ...process.env, DATABASE_URL: database, LOG_LEVEL: 'silent', NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('switchboard customer export and erase', () => {
  it('exports what a person said to a file of their own, then erases them and says what went', { timeout: 240_000 }, async () => {
    const gateway = await startGateway({ DATABASE_URL: database, TURN_WORKERS: '0' });
    const web = webClient(gateway.url);
    await web.send('web-lukas', 'kann ich die Zahlung verschieben? (frage von zuhause)', 'cli-1');
    await web.waitForReplies('web-lukas', (replies) => replies.length === 1);
    await gateway.stop();

    const out = join(dir, 'lukas.json');
    const exported = await customer(['export', '--phone', '+49 151 12345678', '--out', out]);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('Exported 1 messages, 1 replies, 0 tickets');
    const document = JSON.parse(readFileSync(out, 'utf8')) as { messages: { text: string }[]; replies: { text: string }[]; commerce: { customer: { name: string } } };
    expect(document.messages.map((message) => message.text)).toEqual(['kann ich die Zahlung verschieben? (frage von zuhause)']);
    expect(document.commerce.customer.name).toBe('Lukas Meyer');
    expect(statSync(out).mode & 0o077).toBe(0);

    const erased = await customer(['erase', '--phone', '+4915112345678', '--yes']);
    expect(erased.code).toBe(0);
    expect(JSON.parse(erased.stdout)).toMatchObject({ found: true, customers: 1, removed: { inbox: 1, outbox: 1, customers: 1, commerce_customers: 1 } });

    const store = openSqliteStore(database);
    expect(store.db.prepare("SELECT count(*) AS n FROM identities WHERE address = 'web-lukas'").get()).toEqual({ n: 0 });
    expect(store.db.prepare("SELECT actor, action FROM privacy_audit ORDER BY seq").all()).toEqual([
      { actor: expect.stringMatching(/^cli:/), action: 'export' },
      { actor: expect.stringMatching(/^cli:/), action: 'erase' },
    ]);
    await store.close();

    const wrong = await customer(['erase', '--phone', '0151 12345678']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('international form (E.164)');
  });
});
