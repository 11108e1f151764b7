/**
 * The reports' row of the bench: a store holding 1,000,000 conversations (a year of them, with
 * their tickets and ratings), then the time `GET /api/handoff/reports` spends building a report
 * from the rollups: the last 30 days, the whole year, and one agent's queues. Median of 5 runs.
 */
import { join } from 'node:path';
import { openSqliteStore } from '../src/store/sqlite.ts';
import { reportStoreFor } from '../src/reports/index.ts';
import { buildReport, type ReportRequest } from '../src/reports/query.ts';
import { bulkLoad, syntheticConversations } from '../src/reports/synthetic.ts';

export interface ReportBench {
  conversations: number;
  rollupRows: number;
  loadSeconds: number;
  monthMs: number;
  yearMs: number;
  /** The year's report in CPU time of this process (SQLite runs in it): what a busy machine does not inflate. */
  yearCpuMs: number;
  agentMonthMs: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function reportBench(dir: string, conversations = 1_000_000): Promise<ReportBench> {
  const store = openSqliteStore(`sqlite:${join(dir, 'reports.db')}`);
  try {
    const reports = reportStoreFor(store);
    const to = new Date().toISOString().slice(0, 10);
    const day = (offset: number) => new Date(Date.parse(`${to}T00:00:00Z`) - offset * 86_400_000).toISOString().slice(0, 10);
    const started = performance.now();
    await bulkLoad(reports, syntheticConversations({ count: conversations, from: day(364), to, source: 'live', seed: 7 }), 20_000);
    const loadSeconds = (performance.now() - started) / 1000;
    const rollupRows = (store.db.prepare('SELECT count(*) AS n FROM report_daily').get() as { n: number }).n;
    const cpuMs = () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    };
    const time = async (request: ReportRequest) => {
      const runs: number[] = [];
      const cpu: number[] = [];
      for (let run = 0; run < 5; run++) {
        const at = performance.now();
        const cpuAt = cpuMs();
        const report = await buildReport(reports, request);
        runs.push(performance.now() - at);
        cpu.push(cpuMs() - cpuAt);
        if (report.totals.conversations === 0) throw new Error('the bench report came back empty');
      }
      return { wall: median(runs), cpu: median(cpu) };
    };
    const year = await time({ from: day(364), to });
    return {
      conversations,
      rollupRows,
      loadSeconds,
      monthMs: (await time({ from: day(29), to })).wall,
      yearMs: year.wall,
      yearCpuMs: year.cpu,
      agentMonthMs: (await time({ from: day(29), to, queues: ['general', 'payments'] })).wall,
    };
  } finally {
    await store.close();
  }
}

export function describeReportBench(result: ReportBench): string {
  return `${result.monthMs.toFixed(0)} ms for 30 days, ${result.yearMs.toFixed(0)} ms for a year (${result.yearCpuMs.toFixed(0)} ms CPU), ${result.agentMonthMs.toFixed(0)} ms for one agent's queues over 30 days (SQLite, ${result.conversations.toLocaleString('en')} conversations in ${result.rollupRows.toLocaleString('en')} rollup rows; loaded in ${result.loadSeconds.toFixed(0)} s; target well under 1000 ms: ${result.yearMs < 1000 ? 'ok' : 'ABOVE'})`;
}

// `npx tsx bench/reports.ts [conversations]`: only the reports row.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-reports-'));
  try {
    const result = await reportBench(dir, Number(process.argv[2] ?? 1_000_000));
    process.stdout.write(`report over stored conversations: ${describeReportBench(result)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
