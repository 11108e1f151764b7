import Database from 'better-sqlite3';
import pg from 'pg';
import { load } from './load.ts';

// The bench's visitors are web guests: questions a guest gets answered, so that every message runs a full turn. With
// account questions ("where is my order?"), which a guest cannot be answered, 2 in 5 visitors were handed to a person
// after their second message, and their later messages were cheap relays to the queue, not turns.
const TEXTS = ['how long do I have to return something?', 'what does a late payment cost?', 'hello', 'do you do a credit check?', 'thanks!'];

export interface EndToEndResult {
  messages: number;
  /** Replies that were the apology for a failed turn: they must be 0 for the figures to mean anything. */
  failed: number;
  turnsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Reads from the gateway's database how many of a run's messages have a reply, and when. */
export interface ReplyProbe {
  answered(tag: string): Promise<number>;
  failed(tag: string): Promise<number>;
  /** Accept and reply times (epoch ms) of every answered message of the run. */
  timings(tag: string): Promise<{ accepted: number; replied: number }[]>;
  close(): Promise<void>;
}

const FAILED = `SELECT count(*) AS n FROM outbox o JOIN inbox i ON i.seq = o.inbox_seq WHERE i.provider_message_id LIKE $tag AND o.body LIKE '%"error":true%'`;
const ANSWERED = `SELECT count(*) AS n FROM outbox o JOIN inbox i ON i.seq = o.inbox_seq WHERE i.provider_message_id LIKE $tag`;
const TIMINGS = `SELECT i.created_at AS accepted, o.created_at AS replied FROM outbox o JOIN inbox i ON i.seq = o.inbox_seq WHERE i.provider_message_id LIKE $tag`;

export function sqliteProbe(path: string): ReplyProbe {
  const db = new Database(path, { readonly: true });
  return {
    answered: async (tag) => (db.prepare(ANSWERED.replace('$tag', '?')).get(`${tag}-%`) as { n: number }).n,
    failed: async (tag) => (db.prepare(FAILED.replace('$tag', '?')).get(`${tag}-%`) as { n: number }).n,
    timings: async (tag) => db.prepare(TIMINGS.replace('$tag', '?')).all(`${tag}-%`) as { accepted: number; replied: number }[],
    close: async () => {
      db.close();
    },
  };
}

export function postgresProbe(url: string): ReplyProbe {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  return {
    answered: async (tag) => Number((await pool.query(ANSWERED.replace('$tag', '$1'), [`${tag}-%`])).rows[0].n),
    failed: async (tag) => Number((await pool.query(FAILED.replace('$tag', '$1').replace('o.body LIKE', 'o.body::text LIKE'), [`${tag}-%`])).rows[0].n),
    timings: async (tag) =>
      (await pool.query(TIMINGS.replace('$tag', '$1'), [`${tag}-%`])).rows.map((row: Record<string, string>) => ({
        accepted: Number(row.accepted),
        replied: Number(row.replied),
      })),
    close: () => pool.end(),
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/**
 * Sends `messages` web messages from `users` people, spread over the replicas at `urls`, as fast as
 * they are taken (or at `rate` per second), and waits for the last reply: turns per second and
 * accept-to-reply latency.
 */
export async function endToEnd(urls: string[], probe: ReplyProbe, options: { messages: number; users: number; connections: number; tag: string; rate?: number }): Promise<EndToEndResult> {
  const started = Date.now();
  const share = Math.ceil(options.messages / urls.length);
  const bodyOf = (index: number) => JSON.stringify({ userId: `${options.tag}-u${index % options.users}`, text: TEXTS[index % TEXTS.length], id: `${options.tag}-${index}` });
  await Promise.all(
    urls.map((url, replica) =>
      options.rate
        ? paced(`${url}/webhooks/web`, { rate: options.rate / urls.length, amount: share, body: (n) => bodyOf(replica * share + n) })
        : load(`${url}/webhooks/web`, { connections: Math.max(1, Math.floor(options.connections / urls.length)), amount: share, body: (n) => bodyOf(replica * share + n) }),
    ),
  );
  const total = share * urls.length;
  const deadline = Date.now() + 600_000;
  while ((await probe.answered(options.tag)) < total) {
    if (Date.now() > deadline) throw new Error('end-to-end run did not finish within 10 minutes');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const timing = await probe.timings(options.tag);
  const last = Math.max(...timing.map((row) => row.replied));
  const latencies = timing.map((row) => row.replied - row.accepted).sort((a, b) => a - b);
  return {
    messages: total,
    failed: await probe.failed(options.tag),
    turnsPerSecond: total / ((last - started) / 1000),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

/**
 * Open loop at a fixed rate: the n-th message leaves at `n / rate` seconds after the start,
 * whether or not earlier ones were answered (autocannon's rate sends each second's quota at the
 * start of the second, one burst per second, which measures a queue of that burst instead).
 */
async function paced(url: string, options: { rate: number; amount: number; body: (n: number) => string }): Promise<void> {
  const start = performance.now();
  const sends: Promise<void>[] = [];
  for (let n = 0; n < options.amount; n++) {
    const due = start + (n * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    sends.push(
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: options.body(n) }).then(async (response) => {
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`the gateway answered ${response.status} to a paced bench message`);
      }),
    );
  }
  await Promise.all(sends);
}
