import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startChild, withChild, type Child } from './child.ts';
import { openStore } from '../src/store/open.ts';
import type { PhaseSnapshot } from '../src/gateway/phases.ts';

// Each person says each of these in turn, so every thread sees every kind of turn.
// The bench's visitors are web guests: questions a guest gets answered, so that every message runs a full turn. With
// account questions ("where is my order?"), which a guest cannot be answered, 2 in 5 visitors were handed to a person
// after their second message, and their later messages were cheap relays to the queue, not turns.
const TEXTS = ['how long do I have to return something?', 'what does a late payment cost?', 'hello', 'do you do a credit check?', 'thanks!'];

/** The pipeline's phases in the order a message meets them (graph nodes and checkpoint calls are listed as they come). */
const ORDER = [
  'webhook: HTTP, verification, parsing',
  'accept transaction',
  'lease and dispatch',
  'handoff and control checks',
  'turn: customer, market, language',
  'graph: LangGraph and tracing machinery',
  'graph node',
  'checkpoint',
  'completion (replies to the outbox)',
  'turn listeners (reports)',
  'send and its record',
  'unattributed',
];
const rank = (phase: string) => {
  const index = ORDER.findIndex((prefix) => phase.startsWith(prefix));
  return index < 0 ? ORDER.length : index;
};

/** How long the gateway is watched with nothing to do. */
const IDLE_MS = 3000;

export interface PhaseLine {
  phase: string;
  /** Self CPU time per message, in microseconds. */
  usPerMessage: number;
  /** Entries into the phase per message. */
  callsPerMessage: number;
}

export interface PhaseBreakdown {
  messages: number;
  /** All the gateway process's CPU per message (every thread, GC included), in microseconds. */
  cpuUsPerMessage: number;
  /** Webhook plus accept transaction: what one acknowledged request costs, in microseconds. */
  acceptUsPerRequest: number;
  lines: PhaseLine[];
  /** Wall time per message (each waits for the previous reply), in milliseconds. */
  wallMsPerMessage: number;
  /** The gateway's CPU per second while no message comes (its timers), in microseconds. */
  idleUsPerSecond: number;
  /** The accepting thread's garbage-collection pauses per message, in microseconds (inside the phases' figures). */
  gcUsPerMessage: number;
}

/**
 * Sends `messages` web messages one at a time (each waits until its reply was handed to the
 * channel) to a gateway running its turns on the accepting thread, and reads back where the
 * process's CPU time went, phase by phase (src/gateway/phases.ts). One message at a time keeps
 * the phases of different messages apart; CPU time, not wall time, so a busy machine slows
 * the run down without changing the figures much.
 */
export async function phaseBreakdown(dbPath: string, options: { messages: number; warmup?: number; users?: number }): Promise<PhaseBreakdown> {
  const child = await startChild('bench/phases-entry.ts', { DATABASE_URL: `sqlite:${dbPath}`, LOG_LEVEL: 'warn', TURN_WORKERS: '0', SWITCHBOARD_BENCH_PHASES: '1' }, '/readyz');
  const probe = new Database(dbPath, { readonly: true });
  const status = probe.prepare<[string], { status: string }>('SELECT o.status FROM outbox o JOIN inbox i ON i.seq = o.inbox_seq WHERE i.provider_message_id = ?');
  const run = randomUUID().slice(0, 8);
  const users = options.users ?? 100;
  let sent = 0;
  const say = async () => {
    const n = sent++;
    const id = `ph-${run}-${n}`;
    const userId = `ph-${run}-u${n % users}`;
    const response = await fetch(`${child.url}/webhooks/web`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId, text: TEXTS[(n + Math.floor(n / users)) % TEXTS.length], id }),
    });
    if (!response.ok) throw new Error(`the gateway answered ${response.status} to a bench message`);
    await response.arrayBuffer();
    const deadline = Date.now() + 30_000;
    // The gateway keeps a web message under its id within the visitor (channels/web/parse.ts).
    while (status.get(`${userId}/${id}`)?.status !== 'sent') {
      if (Date.now() > deadline) throw new Error(`no reply to bench message ${id} within 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  };
  try {
    for (let index = 0; index < (options.warmup ?? 100); index++) await say();
    // What the gateway spends with nothing to do (its timers), which 'unattributed' holds for every millisecond a message takes.
    await ask(child, 'reset');
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const idle = (await ask(child, 'snapshot')) as { snapshot: PhaseSnapshot };
    await ask(child, 'reset');
    const started = performance.now();
    for (let index = 0; index < options.messages; index++) await say();
    const wallMs = performance.now() - started;
    const { snapshot, gcMs } = (await ask(child, 'snapshot')) as { snapshot: PhaseSnapshot; gcMs: number };
    const lines = Object.entries(snapshot.phases)
      .map(([phase, tally]) => ({ phase, usPerMessage: tally.cpuUs / options.messages, callsPerMessage: tally.calls / options.messages }))
      .filter((line) => line.usPerMessage > 0 || line.callsPerMessage > 0)
      .sort((a, b) => rank(a.phase) - rank(b.phase) || b.usPerMessage - a.usPerMessage);
    const of = (phase: string) => lines.find((line) => line.phase === phase)?.usPerMessage ?? 0;
    return {
      messages: options.messages,
      cpuUsPerMessage: snapshot.totalCpuUs / options.messages,
      acceptUsPerRequest: of('webhook: HTTP, verification, parsing') + of('accept transaction'),
      lines,
      wallMsPerMessage: wallMs / options.messages,
      idleUsPerSecond: (idle.snapshot.totalCpuUs * 1000) / IDLE_MS,
      gcUsPerMessage: (gcMs * 1000) / options.messages,
    };
  } finally {
    probe.close();
    await child.stop();
  }
}

/**
 * Bare Express's CPU per request (bench/bare-express.ts), with requests sent as the phase messages are: one at
 * a time, each answered before the next. The yardstick of the accept-only row (issue #19: at most 2 ×). CPU
 * time is read in 10 ms ticks, so at least 2000 requests keep that tick under 5 % of the figure.
 */
export async function bareExpressCpuUs(requests: number): Promise<number> {
  const count = Math.max(2000, requests);
  return withChild('bench/bare-express.ts', {}, '/webhooks/web', async (child) => {
    const send = async (n: number) => {
      const body = JSON.stringify({ userId: `bare-u${n % 100}`, text: TEXTS[n % TEXTS.length], id: `bare-${n}` });
      const response = await fetch(`${child.url}/webhooks/web`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await response.arrayBuffer();
    };
    for (let n = 0; n < 200; n++) await send(n);
    const before = child.cpuMs();
    for (let n = 0; n < count; n++) await send(n);
    return ((child.cpuMs() - before) * 1000) / count;
  });
}

async function ask(child: Child, request: string): Promise<unknown> {
  const answer = once(child.process, 'message');
  child.process.send(request);
  return (await answer)[0];
}

/** The breakdown as report lines: µs of CPU per message and share of the total, phase by phase. */
export function describePhases(result: PhaseBreakdown): [string, string][] {
  const total = result.lines.reduce((sum, line) => sum + line.usPerMessage, 0);
  return result.lines.map((line) => [
    `  ${line.phase}`,
    `${line.usPerMessage.toFixed(0).padStart(6)} µs  ${((100 * line.usPerMessage) / total).toFixed(1).padStart(5)} %  (${line.callsPerMessage.toFixed(1)} calls)`,
  ]);
}

/**
 * A gateway database already holding `people` customers, each with an identity and a thread, as
 * a busy deployment's would: the schema from the gateway's own migrations, the rows from bulk
 * inserts in one transaction.
 */
export async function seededDatabase(dir: string, people: number): Promise<string> {
  const path = join(dir, `people-${people}.db`);
  const store = await openStore(`sqlite:${path}`);
  await store.close();
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  const customer = db.prepare("INSERT INTO customers (id, role, language, market, created_at) VALUES (?, 'customer', 'en', 'SE', ?)");
  const identity = db.prepare("INSERT INTO identities (namespace, address, customer_id) VALUES ('web', ?, ?)");
  const thread = db.prepare("INSERT INTO threads (id, customer_id, conversation_key, created_at) VALUES (?, ?, '', ?)");
  const now = Date.now();
  db.transaction(() => {
    for (let index = 0; index < people; index++) {
      const id = `seed-c-${index.toString(36).padStart(5, '0')}-${(index * 2654435761) % 4294967296}`;
      customer.run(id, now);
      identity.run(`seed-user-${(index * 2654435761) % 4294967296}-${index}`, id);
      thread.run(`seed-t-${(index * 40503) % 65536}-${index}`, id, now);
    }
  })();
  db.close();
  return path;
}
