import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Child } from './child.ts';

const SECTIONS = ['accept', 'e2e', 'phases', 'people', 'retention', 'growth', 'router', 'knowledge', 'reports', 'channels'];

const USAGE = `Usage: npm run bench -- [options]

Throughput and latency on loopback. Every figure is printed next to a baseline measured in
the same run (bare Express, the provider SDKs' own minimal servers), so the ratios hold on
any machine; the absolute numbers vary with the machine and its load. Rows go to stderr as
they are measured.

Options:
  --seconds N       how long each HTTP load phase lasts, in seconds (default 5)
  --connections N   concurrent HTTP connections of the load generator (default 32)
  --messages N      messages sent in each end-to-end phase, from 500 simulated people (default 5000)
  --db sqlite|postgres
                    sqlite (default): the embedded store only. postgres: also one, two and three
                    replicas on PostgreSQL (TEST_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres;
                    a fresh database per phase, dropped after)
  --phase-messages N
                    messages sent one at a time for the CPU breakdown by phase (default 300)
  --people N        customers and threads already stored in the flatness row, next to 1000 (default 1000000)
  --only LIST       run only these sections, comma-separated: accept, e2e (with the fixed-rate
                    latency run), phases, people, retention, growth, router, knowledge,
                    reports, channels
  --quick           a short run: 2 s load runs, 1000 end-to-end messages, 150 phase messages,
                    100000 people and report conversations, no channel paths (options given
                    explicitly still win)
  --from-sources    start the gateway and the naive app from the TypeScript sources under tsx
                    (as npm start does) instead of building them first and running the
                    compiled JavaScript with plain node (as npm run start:dist and the
                    Dockerfile do); tsx adds its own loader to the process and to every turn
                    worker (60-75 MiB each)
  --no-channels     skip the Twilio, Slack and Teams webhook paths and their baselines
  --reports N       conversations in the store the report row reads (default 1000000; 0 skips the row)
  -h, --help        show this text

Rows: bare Express; gateway accept (POST /webhooks/web); the accept transaction's CPU with
group commit vs one transaction each; end-to-end turns on SQLite (and on
PostgreSQL × 1, 2, 3 with --db postgres) with accept → reply p50/p99 and the gateway's CPU per
message; the same at a fixed rate of half that maximum; peak RSS; the naive app (Express and a
2-node LangGraph graph with the SQLite checkpointer, then MemorySaver) on the same load, with the
gateway's CPU per message, throughput and peak RSS as ratios of it; accept while the retention sweep removes a large backlog, next
to retention off; the CPU time of one message broken down by phase (webhook,
accept transaction, lease and dispatch, each graph node, checkpoint reads and writes,
completion, send) and the accept-only CPU per request; CPU per message with 1000 vs --people
customers and threads stored; turn time of message 1 vs message 500 of one conversation;
offline router classifications per second; knowledge-base retrieval per question over 5,000
sections; each channel's webhook path next to its SDK baseline, with gateway CPU per message;
and the time a report takes over a store of 1,000,000 conversations (30 days, a year, one
agent's queues).

CPU figures are CPU time (process.cpuUsage in the gateway), not wall time: on a busy machine
they move far less than req/s and latency do. Compare figures measured within one run.

Examples:
  npm run bench -- --seconds 3 --no-channels
  npm run bench -- --quick --only phases,people
  npm run bench -- --db postgres --messages 2000`;

/**
 * `npm run bench`: throughput and latency on loopback, every figure next to a baseline
 * measured in the same run. Not a test: numbers vary with the machine and its load.
 */
async function main(): Promise<void> {
  const { values, tokens } = parseArgs({
    tokens: true,
    allowNegative: true,
    options: {
      seconds: { type: 'string', default: '5' },
      connections: { type: 'string', default: '32' },
      messages: { type: 'string', default: '5000' },
      db: { type: 'string', default: 'sqlite' },
      'phase-messages': { type: 'string', default: '300' },
      people: { type: 'string', default: '1000000' },
      only: { type: 'string' },
      quick: { type: 'boolean', default: false },
      channels: { type: 'boolean', default: true },
      'from-sources': { type: 'boolean', default: false },
      reports: { type: 'string', default: '1000000' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  // --quick shortens what was not given explicitly.
  const given = new Set<string>(tokens.filter((token) => token.kind === 'option').map((token) => token.name));
  if (values.quick) {
    const quick = { seconds: '2', messages: '1000', 'phase-messages': '150', people: '100000', reports: '100000' } as const;
    for (const [name, value] of Object.entries(quick)) if (!given.has(name)) values[name as keyof typeof quick] = value;
    if (!given.has('channels')) values.channels = false;
  }
  const numbers = { seconds: values.seconds, connections: values.connections, messages: values.messages, 'phase-messages': values['phase-messages'], people: values.people };
  const wrong = Object.entries(numbers).filter(([, value]) => !/^[1-9]\d*$/.test(value)).map(([name, value]) => `--${name} takes a whole number above zero (got "${value}")`);
  if (!/^\d+$/.test(values.reports)) wrong.push(`--reports takes a whole number (got "${values.reports}")`);
  if (!['sqlite', 'postgres'].includes(values.db)) wrong.push(`--db takes sqlite or postgres (got "${values.db}")`);
  const only = values.only?.split(',').map((name) => name.trim()) ?? SECTIONS;
  const unknown = only.filter((name) => !SECTIONS.includes(name));
  if (unknown.length) wrong.push(`--only takes ${SECTIONS.join(', ')} (got "${unknown.join(', ')}")`);
  if (wrong.length) {
    process.stderr.write(`${wrong.join('\n')}\n\n${USAGE}\n`);
    process.exit(2);
  }
  // Loaded after the arguments are checked, so --help and a wrong option answer at once.
  const { startChild } = await import('./child.ts');
  const { load } = await import('./load.ts');
  const { endToEnd, postgresProbe, sqliteProbe } = await import('./gateway-e2e.ts');
  const { conversationGrowth } = await import('./conversation-growth.ts');
  const { acceptDuringSweep } = await import('./retention-sweep.ts');
  const { routerThroughput, routerTrainingSeconds, languageThroughput } = await import('./router.ts');
  const { formatRetrievalBench, knowledgeRetrieval } = await import('./knowledge.ts');
  const { describeReportBench, reportBench } = await import('./reports.ts');
  const { freshDatabase } = await import('../test/postgres/database.ts');
  const { benchTwilio } = await import('./channels/twilio.ts');
  const { benchSlack } = await import('./channels/slack.ts');
  const { benchTeams } = await import('./channels/teams.ts');
  const { phaseBreakdown, describePhases, seededDatabase, bareExpressCpuUs } = await import('./phases.ts');
  const { groupCommitBench } = await import('./group-commit.ts');
  const { buildForBench, FROM_SOURCES } = await import('./built.ts');
  const wanted = (section: string) => only.includes(section);
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const messages = Number(values.messages);
  const phaseMessages = Number(values['phase-messages']);
  const people = Number(values.people);
  let maxTurnsPerSecond = Number.NaN;
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  const rows: [string, string][] = [];
  const row = (name: string, value: string) => {
    rows.push([name, value]);
    process.stderr.write(`  ${name}: ${value}\n`);
  };
  const step = (what: string) => process.stderr.write(`${what}…\n`);
  const drained = async (url: string) => {
    while (((await (await fetch(`${url}/readyz`)).json()) as { backlog: number }).backlog > 0) await new Promise((r) => setTimeout(r, 100));
  };
  const run = Date.now().toString(36);
  const body = (n: number) => JSON.stringify({ userId: `bench-${n % 1000}`, text: 'where is my refund?', id: `${run}-${n}` });
  const started: Child[] = [];
  const start = async (entry: string, env: Record<string, string>, ready: string) => {
    const child = await startChild(entry, env, ready);
    started.push(child);
    return child;
  };

  // The end-to-end gateways and the naive app run as deployed: built, then plain node.
  const entries = (wanted('accept') || wanted('e2e')) && !values['from-sources'] ? (step('building the gateway and the naive app (npm run build)'), buildForBench()) : FROM_SOURCES;
  if (wanted('accept') || wanted('e2e')) row('how the gateway runs', entries.how);

  try {
    if (wanted('accept') || wanted('e2e')) {
      const dbPath = join(dir, 'gateway.db');
      const gateway = await start(entries.gateway, { DATABASE_URL: `sqlite:${dbPath}`, LOG_LEVEL: 'warn' }, '/readyz');
      if (wanted('accept')) {
        step('bare Express (the ceiling)');
        const bare = await start('bench/bare-express.ts', {}, '/webhooks/web');
        const bareCpuBefore = bare.cpuMs();
        const ceiling = await load(`${bare.url}/webhooks/web`, { body, seconds, connections });
        const bareUs = ((bare.cpuMs() - bareCpuBefore) * 1000) / ceiling.total;
        await bare.stop();
        row('bare Express 200 OK', `${ceiling.requestsPerSecond.toFixed(0)} req/s (p50 ${ceiling.p50Ms} ms, p99 ${ceiling.p99Ms} ms)`);

        step('gateway on SQLite: accepting web messages (persisted)');
        const acceptingThread = () => gateway.cpuByThreadMs().get(gateway.process.pid!) ?? 0;
        const acceptingBefore = acceptingThread();
        const accept = await load(`${gateway.url}/webhooks/web`, { body, seconds, connections });
        const acceptUs = ((acceptingThread() - acceptingBefore) * 1000) / accept.total;
        row(
          'gateway accept (POST /webhooks/web)',
          `${accept.requestsPerSecond.toFixed(0)} req/s = ${(accept.requestsPerSecond / ceiling.requestsPerSecond).toFixed(2)} × bare Express (p50 ${accept.p50Ms} ms, p99 ${accept.p99Ms} ms, non-2xx ${accept.non2xx})`,
        );
        row(
          'accepting thread CPU per request under load',
          `${acceptUs.toFixed(0)} µs vs bare Express ${bareUs.toFixed(0)} µs (its whole process) = ${(acceptUs / bareUs).toFixed(2)} × (the thread also leased, completed and sent the turns the worker finished meanwhile; target ≤ 2 ×)`,
        );
        await drained(gateway.url);

        step('accept transaction: 32 accepts per tick, sharing one commit vs one transaction each');
        const grouped = await groupCommitBench(dir);
        row(
          'accept transaction, group commit',
          `${grouped.groupedUs.toFixed(0)} µs CPU per accept vs ${grouped.aloneUs.toFixed(0)} µs one transaction each = ${(grouped.groupedUs / grouped.aloneUs).toFixed(2)} × (${grouped.together} arriving together, SQLite, one process)`,
        );
      }
      if (wanted('e2e')) {
        step('gateway on SQLite: end to end (accepted → reply in the outbox, offline model, full graph with tools)');
        const probe = sqliteProbe(dbPath);
        const cpuBefore = gateway.cpuMs();
        const threadsBefore = gateway.cpuByThreadMs();
        const benchBefore = process.cpuUsage();
        const e2e = await endToEnd([gateway.url], probe, { messages, users: 500, connections, tag: 'e2e' });
        const gatewayCpuMs = (gateway.cpuMs() - cpuBefore) / e2e.messages;
        row('end-to-end turns, SQLite', `${e2e.turnsPerSecond.toFixed(0)} turns/s over ${e2e.messages} messages from 500 people (${e2e.failed} failed turns); accept → reply p50 ${e2e.p50Ms} ms, p99 ${e2e.p99Ms} ms; gateway CPU ${gatewayCpuMs.toFixed(2)} ms per message`);
        row('  where the CPU went, per message', describeThreads(threadsBefore, gateway.cpuByThreadMs(), gateway.process.pid!, process.cpuUsage(benchBefore), e2e));
        maxTurnsPerSecond = e2e.turnsPerSecond;
        // Open loop at half the maximum just measured: the queue stays short, so this is the latency a person sees.
        const rate = Math.max(1, Math.floor(e2e.turnsPerSecond / 2));
        step(`gateway on SQLite: ${rate} messages per second (half the maximum)`);
        // At least 100 messages, so that the p99 is not just the slowest of a handful.
        const steady = await endToEnd([gateway.url], probe, { messages: Math.max(100, rate * seconds), users: 500, connections: Math.min(connections, 8), tag: 'rate', rate });
        await probe.close();
        row(
          'accept → reply at half the maximum',
          `p50 ${steady.p50Ms} ms, p99 ${steady.p99Ms} ms at ${rate} messages/s over ${steady.messages} messages (${steady.failed} failed turns; target p99 ≤ 50 ms)`,
        );
        const gatewayRss = gateway.peakRssMiB();
        row('gateway peak RSS', `${gatewayRss.toFixed(0)} MiB (target ≤ 400 MiB)`);
        await gateway.stop();
        // The naive app a team would write instead, on the same route, bodies and connections, measured in this run.
        for (const checkpointer of ['sqlite', 'memory'] as const) {
          const label = checkpointer === 'sqlite' ? 'SQLite checkpointer' : 'MemorySaver';
          step(`naive app: Express + a 2-node LangGraph graph, ${label}`);
          const peer = await start(entries.naive, { CHECKPOINTER: checkpointer, CHECKPOINT_FILE: join(dir, 'naive.db') }, '/webhooks/web');
          await load(`${peer.url}/webhooks/web`, { body, seconds: 1, connections });
          const peerCpuBefore = peer.cpuMs();
          // As many requests as the gateway's end-to-end run had messages (a time window can hold too few on a busy machine).
          const naive = await load(`${peer.url}/webhooks/web`, { body, amount: messages, connections });
          const peerCpuMs = (peer.cpuMs() - peerCpuBefore) / naive.total;
          const peerRss = peer.peakRssMiB();
          await peer.stop();
          row(`naive app (Express + 2-node LangGraph, ${label})`, `${naive.requestsPerSecond.toFixed(0)} req/s, CPU ${peerCpuMs.toFixed(2)} ms per request, peak RSS ${peerRss.toFixed(0)} MiB (non-2xx ${naive.non2xx})`);
          if (checkpointer !== 'sqlite') continue;
          row('  gateway vs naive app: CPU per message', `${gatewayCpuMs.toFixed(2)} ms vs ${peerCpuMs.toFixed(2)} ms = ${(gatewayCpuMs / peerCpuMs).toFixed(2)} × (target ≤ 1 ×)`);
          row('  gateway vs naive app: throughput', `${e2e.turnsPerSecond.toFixed(0)} turns/s vs ${naive.requestsPerSecond.toFixed(0)} req/s = ${(e2e.turnsPerSecond / naive.requestsPerSecond).toFixed(2)} × (target ≥ 2 ×)`);
          row('  gateway vs naive app: peak RSS', `${gatewayRss.toFixed(0)} MiB vs ${peerRss.toFixed(0)} MiB = ${(gatewayRss / peerRss).toFixed(2)} ×`);
        }
      }
      await gateway.stop();
    }

    if (wanted('phases')) {
      step(`CPU by phase: ${phaseMessages} web messages one at a time, turns on the accepting thread`);
      const phases = await phaseBreakdown(join(dir, 'phases.db'), { messages: phaseMessages });
      row('CPU per message, accept to delivered (web)', `${(phases.cpuUsPerMessage / 1000).toFixed(2)} ms (whole process, one message at a time, turns on the accepting thread)`);
      const bareUs = await bareExpressCpuUs(phaseMessages);
      row(
        'accept-only CPU per request (web)',
        `${phases.acceptUsPerRequest.toFixed(0)} µs (webhook + accept transaction) vs bare Express ${bareUs.toFixed(0)} µs = ${(phases.acceptUsPerRequest / bareUs).toFixed(2)} × (one at a time; target ≤ 2 ×)`,
      );
      for (const [name, value] of describePhases(phases)) row(name, value);
      const idleUs = (phases.idleUsPerSecond * phases.wallMsPerMessage) / 1000;
      row(
        '  beside the phases',
        `idle timers ${phases.idleUsPerSecond.toFixed(0)} µs per second × ${phases.wallMsPerMessage.toFixed(1)} ms per message ≈ ${idleUs.toFixed(0)} µs of unattributed; accepting thread's GC ${phases.gcUsPerMessage.toFixed(0)} µs per message (inside the phases above)`,
      );
    }

    if (wanted('people')) {
      const sizes = [1000, people];
      const results = [];
      for (const size of sizes) {
        step(`a store holding ${size} customers and threads: seeding, then ${phaseMessages} messages one at a time`);
        const seeded = await seededDatabase(dir, size);
        results.push(await phaseBreakdown(seeded, { messages: phaseMessages }));
      }
      const [small, large] = results as [Awaited<ReturnType<typeof phaseBreakdown>>, Awaited<ReturnType<typeof phaseBreakdown>>];
      const accept = (result: typeof small) => result.lines.find((line) => line.phase === 'accept transaction')?.usPerMessage ?? 0;
      row(
        `CPU per message, ${people} vs 1000 people stored`,
        `${(large.cpuUsPerMessage / 1000).toFixed(2)} ms vs ${(small.cpuUsPerMessage / 1000).toFixed(2)} ms = ${(large.cpuUsPerMessage / small.cpuUsPerMessage).toFixed(2)} × (accept transaction ${accept(large).toFixed(0)} vs ${accept(small).toFixed(0)} µs; target ≤ 1.2 ×)`,
      );
      // The message's own path, without what runs beside it (timers, sweeps): 'unattributed' left out.
      const path = (result: typeof small) => result.lines.filter((line) => line.phase !== 'unattributed').reduce((sum, line) => sum + line.usPerMessage, 0);
      row(
        `  the message path alone, ${people} vs 1000`,
        `${(path(large) / 1000).toFixed(2)} ms vs ${(path(small) / 1000).toFixed(2)} ms = ${(path(large) / path(small)).toFixed(2)} × (every phase but unattributed)`,
      );
      // Where the difference is, so a ratio above 1 names its phase.
      const grew = large.lines
        .map((line) => ({ phase: line.phase, more: line.usPerMessage - (small.lines.find((other) => other.phase === line.phase)?.usPerMessage ?? 0) }))
        .sort((a, b) => b.more - a.more)
        .slice(0, 3);
      row(`  phases that grew most with ${people} people`, grew.map((line) => `${line.phase.trim()} ${line.more >= 0 ? '+' : ''}${line.more.toFixed(0)} µs`).join('; '));
    }

    if (values.db === 'postgres' && wanted('e2e')) {
      for (const replicas of [1, 2, 3]) {
        step(`gateway on PostgreSQL: ${replicas} replica(s), end to end`);
        const database = await freshDatabase();
        try {
          const env = { DATABASE_URL: database.url, LOG_LEVEL: 'warn' };
          const first = await start(entries.gateway, env, '/readyz');
          const others = await Promise.all(Array.from({ length: replicas - 1 }, () => start(entries.gateway, env, '/readyz')));
          const nodes = [first, ...others];
          const pgProbe = postgresProbe(database.url);
          const result = await endToEnd(nodes.map((node) => node.url), pgProbe, { messages, users: 500, connections, tag: `pg${replicas}` });
          await pgProbe.close();
          row(`end-to-end turns, PostgreSQL × ${replicas}`, `${result.turnsPerSecond.toFixed(0)} turns/s = ${(result.turnsPerSecond / maxTurnsPerSecond).toFixed(2)} × SQLite (${result.failed} failed turns); p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`);
          for (const node of nodes) await node.stop();
        } finally {
          await database.drop();
        }
      }
    }

    if (wanted('retention')) {
      step('gateway on SQLite: accepting while the retention sweep removes 100,000 old messages and their replies');
      const sweep = await acceptDuringSweep({ dir, seconds, connections, oldMessages: 100_000, body, start });
      row(
        'accept during a retention sweep',
        `${sweep.sweeping.requestsPerSecond.toFixed(0)} req/s = ${(sweep.sweeping.requestsPerSecond / sweep.baseline.requestsPerSecond).toFixed(2)} × the same file with retention off (${sweep.baseline.requestsPerSecond.toFixed(0)} req/s); p99 ${sweep.sweeping.p99Ms} ms vs ${sweep.baseline.p99Ms} ms; the sweep removed ${sweep.removedDuringLoad} of ${sweep.oldRows} old rows meanwhile`,
      );
    }

    if (wanted('growth')) {
      step('one conversation growing to 500 messages');
      const growth = await conversationGrowth(dir);
      row('turn time, message 1 vs 500', `${growth.firstMs.toFixed(2)} ms vs ${growth.lastMs.toFixed(2)} ms = ${growth.ratio.toFixed(2)} ×`);
    }

    if (wanted('router')) {
      step('offline router');
      const throughput = routerThroughput();
      row('offline router', `${throughput.toFixed(0)} classifications per CPU second (one core; target >= 10000: ${throughput >= 10_000 ? 'ok' : 'BELOW'})`);
      const languages = languageThroughput();
      row('language decision', `${languages.toFixed(0)} per CPU second (one core; target >= 3000: ${languages >= 3000 ? 'ok' : 'BELOW'})`);
      const training = routerTrainingSeconds();
      row('offline router training', `${training.seconds.toFixed(1)} CPU s for ${training.examples} examples (target < 60 s: ${training.seconds < 60 ? 'ok' : 'ABOVE'})`);
    }

    if (wanted('knowledge')) {
      step('knowledge base retrieval');
      row('knowledge retrieval', formatRetrievalBench(knowledgeRetrieval()));
    }

    if (Number(values.reports) > 0 && wanted('reports')) {
      step(`reports: loading ${Number(values.reports).toLocaleString('en')} conversations, then timing reports over them`);
      row('report over stored conversations', describeReportBench(await reportBench(dir, Number(values.reports))));
    }

    if (values.channels && wanted('channels')) {
      step('channel paths: Twilio, Slack, Teams');
      await benchTwilio({ seconds, connections, row });
      await benchSlack({ seconds, connections, row });
      await benchTeams({ seconds, connections, row });
    }
  } finally {
    for (const child of started) if (child.process.exitCode === null) await child.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }

  const width = Math.max(...rows.map(([name]) => name.length));
  process.stdout.write(`\nSwitchboard benchmark (${seconds} s per load run, ${connections} connections, loopback, ${new Date().toISOString()}; CPU figures are CPU time, compare within one run)\n`);
  for (const [name, value] of rows) process.stdout.write(`${name.padEnd(width)}  ${value}\n`);
}

/**
 * The end-to-end run's CPU by thread: the accepting thread, the busiest other thread (the turn worker, with the
 * default of one), the rest (V8's collector and compiler threads, libuv's pool), and this process, whose
 * load generator shares the machine's cores with the gateway. Each thread's CPU over the run's wall time says
 * how busy it was, so which one held the throughput back.
 */
function describeThreads(before: Map<number, number>, after: Map<number, number>, mainThread: number, bench: NodeJS.CpuUsage, run: { messages: number; turnsPerSecond: number }): string {
  const used = [...after].map(([tid, ms]) => ({ tid, ms: ms - (before.get(tid) ?? 0) }));
  const main = used.find((thread) => thread.tid === mainThread)?.ms ?? 0;
  const [worker, ...rest] = used.filter((thread) => thread.tid !== mainThread).sort((a, b) => b.ms - a.ms);
  const wallMs = (run.messages / run.turnsPerSecond) * 1000;
  const others = rest.reduce((sum, thread) => sum + thread.ms, 0);
  const generator = (bench.user + bench.system) / 1000;
  const each = (ms: number) => `${(ms / run.messages).toFixed(2)} ms (busy ${((100 * ms) / wallMs).toFixed(0)} %)`;
  return `accepting thread ${each(main)}, turn worker ${each(worker?.ms ?? 0)}, other threads ${each(others)}; the bench's load generator ${each(generator)}`;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
