import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startChild } from './child.ts';
import { load } from './load.ts';
import { endToEnd } from './gateway-e2e.ts';
import { conversationGrowth } from './conversation-growth.ts';

/**
 * `npm run bench`: throughput and latency on loopback, every figure next to a baseline
 * measured in the same run. Not a test: numbers vary with the machine and its load.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { seconds: { type: 'string', default: '5' }, connections: { type: 'string', default: '32' }, messages: { type: 'string', default: '5000' } },
  });
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  const rows: [string, string][] = [];
  const row = (name: string, value: string) => {
    rows.push([name, value]);
    process.stderr.write(`  ${name}: ${value}\n`);
  };
  const run = Date.now().toString(36);
  const body = (n: number) => JSON.stringify({ userId: `bench-${n % 1000}`, text: 'where is my refund?', id: `${run}-${n}` });

  try {
    process.stderr.write('bare Express (the ceiling)…\n');
    const bare = await startChild('bench/bare-express.ts', {}, '/webhooks/web');
    const ceiling = await load(`${bare.url}/webhooks/web`, { body, seconds, connections });
    await bare.stop();
    row('bare Express 200 OK', `${ceiling.requestsPerSecond.toFixed(0)} req/s (p50 ${ceiling.p50Ms} ms, p99 ${ceiling.p99Ms} ms)`);

    process.stderr.write('gateway: accepting web messages (persisted)…\n');
    const dbPath = join(dir, 'gateway.db');
    const gateway = await startChild('src/main.ts', { DATABASE_URL: `sqlite:${dbPath}`, LOG_LEVEL: 'warn' }, '/readyz');
    const accept = await load(`${gateway.url}/webhooks/web`, { body, seconds, connections });
    row(
      'gateway accept (POST /webhooks/web)',
      `${accept.requestsPerSecond.toFixed(0)} req/s = ${(accept.requestsPerSecond / ceiling.requestsPerSecond).toFixed(2)} × bare Express (p50 ${accept.p50Ms} ms, p99 ${accept.p99Ms} ms, non-2xx ${accept.non2xx})`,
    );
    // Let the accept run's backlog drain before measuring turns.
    while (((await (await fetch(`${gateway.url}/readyz`)).json()) as { backlog: number }).backlog > 0) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    process.stderr.write('gateway: end to end (accepted → reply in the outbox, offline model)…\n');
    const e2e = await endToEnd(gateway.url, dbPath, { messages: Number(values.messages), users: 500, connections, tag: 'e2e' });
    row('end-to-end turns', `${e2e.turnsPerSecond.toFixed(0)} turns/s over ${e2e.messages} messages from 500 people`);
    row('accept → reply latency', `p50 ${e2e.p50Ms} ms, p99 ${e2e.p99Ms} ms`);
    row('gateway peak RSS', `${gateway.peakRssMiB().toFixed(0)} MiB`);
    await gateway.stop();

    process.stderr.write('one conversation growing to 500 messages…\n');
    const growth = await conversationGrowth(dir);
    row('turn time, message 1 vs 500', `${growth.firstMs.toFixed(2)} ms vs ${growth.lastMs.toFixed(2)} ms = ${growth.ratio.toFixed(2)} ×`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const width = Math.max(...rows.map(([name]) => name.length));
  process.stdout.write(`\nSwitchboard benchmark (${seconds} s per load run, ${connections} connections, loopback)\n`);
  for (const [name, value] of rows) process.stdout.write(`${name.padEnd(width)}  ${value}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
