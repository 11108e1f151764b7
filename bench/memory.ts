/**
 * Resident memory of one gateway, idle, after a few turns and after a load like `npm run bench`'s
 * end-to-end run: `npx tsx bench/memory.ts [entry] [TURN_WORKERS] [--messages N]` (entry
 * `app/main.ts` by default, run with tsx; or `dist/app/main.js` after `npm run build`, run with
 * plain node as the Dockerfile does). VmRSS now and VmHWM (the peak so far), read from /proc.
 * `--messages N` (default 1000; 0 skips it) sends N web messages from 500 people over 32
 * connections, as fast as they are taken, and waits for every reply.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startChild, waitForBacklog } from './child.ts';
import { endToEnd, sqliteProbe } from './gateway-e2e.ts';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { messages: { type: 'string', default: '1000' } } });
const [entry = 'app/main.ts', workers] = positionals;
const messages = Number(values.messages);
const mib = (status: string, field: string) => (Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024).toFixed(0);
const dir = mkdtempSync(join(tmpdir(), 'switchboard-memory-'));
const dbPath = join(dir, 'gateway.db');
const child = await startChild(entry, { DATABASE_URL: `sqlite:${dbPath}`, LOG_LEVEL: 'warn', ...(workers ? { TURN_WORKERS: workers } : {}) }, '/readyz');
const report = (when: string) => {
  const status = readFileSync(`/proc/${child.process.pid}/status`, 'utf8');
  process.stdout.write(`${entry}, TURN_WORKERS=${workers ?? 'default'}, ${when}: VmRSS ${mib(status, 'VmRSS')} MiB, VmHWM ${mib(status, 'VmHWM')} MiB\n`);
};
try {
  await new Promise((resolve) => setTimeout(resolve, 1500));
  report('idle');
  for (let n = 0; n < 20; n++) {
    await fetch(`${child.url}/webhooks/web`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: `memory-${n}`, text: 'where is my refund for order 1042?', id: `memory-${n}` }) });
  }
  await waitForBacklog(child.url);
  report('after 20 turns');
  if (messages > 0) {
    const probe = sqliteProbe(dbPath);
    const cpuBefore = child.cpuMs();
    const run = await endToEnd([child.url], probe, { messages, users: 500, connections: 32, tag: 'memory' });
    await probe.close();
    const cpuMs = (child.cpuMs() - cpuBefore) / run.messages;
    report(`after ${run.messages} messages from 500 people over 32 connections (${run.turnsPerSecond.toFixed(0)} turns/s, gateway CPU ${cpuMs.toFixed(2)} ms per message, ${run.failed} failed)`);
  }
} finally {
  await child.stop();
  rmSync(dir, { recursive: true, force: true });
}
