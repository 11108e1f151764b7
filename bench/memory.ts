/**
 * Resident memory of one gateway, idle and after a few turns: `npx tsx bench/memory.ts [entry] [TURN_WORKERS]`
 * (entry `app/main.ts` by default, or `dist/app/main.js` after `npm run build`). VmRSS now and
 * VmHWM (the peak so far), read from /proc; `npm run bench` reports the peak under load.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild, waitForBacklog } from './child.ts';

const [entry = 'app/main.ts', workers] = process.argv.slice(2);
const mib = (status: string, field: string) => (Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024).toFixed(0);
const dir = mkdtempSync(join(tmpdir(), 'switchboard-memory-'));
const child = await startChild(entry, { DATABASE_URL: `sqlite:${join(dir, 'gateway.db')}`, LOG_LEVEL: 'warn', ...(workers ? { TURN_WORKERS: workers } : {}) }, '/readyz');
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
} finally {
  await child.stop();
  rmSync(dir, { recursive: true, force: true });
}
