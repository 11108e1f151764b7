import Database from 'better-sqlite3';
import { load } from './load.ts';

const TEXTS = ['where is my refund for order 1042?', 'when is my next payment due?', 'hello', 'where is my order?', 'thanks!'];

export interface EndToEndResult {
  messages: number;
  turnsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/**
 * Sends `messages` web messages from `users` people as fast as the gateway takes them, and
 * measures until the last reply is in the outbox: turns per second and accept-to-reply latency.
 */
export async function endToEnd(url: string, dbPath: string, options: { messages: number; users: number; connections: number; tag: string }): Promise<EndToEndResult> {
  const started = Date.now();
  await load(`${url}/webhooks/web`, {
    connections: options.connections,
    amount: options.messages,
    body: (index) =>
      JSON.stringify({ userId: `${options.tag}-u${index % options.users}`, text: TEXTS[index % TEXTS.length], id: `${options.tag}-${index}` }),
  });
  const db = new Database(dbPath, { readonly: true });
  const like = `${options.tag}-%`;
  const answered = db.prepare(
    "SELECT count(*) AS n FROM outbox o JOIN inbox i ON i.seq = o.inbox_seq WHERE i.provider_message_id LIKE ? AND i.channel = 'web'",
  );
  const deadline = Date.now() + 300_000;
  while ((answered.get(like) as { n: number }).n < options.messages) {
    if (Date.now() > deadline) throw new Error('end-to-end run did not finish within 5 minutes');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const timing = db
    .prepare(
      'SELECT i.created_at AS accepted, o.created_at AS replied FROM outbox o JOIN inbox i ON i.seq = o.inbox_seq WHERE i.provider_message_id LIKE ?',
    )
    .all(like) as { accepted: number; replied: number }[];
  db.close();
  const last = Math.max(...timing.map((row) => row.replied));
  const latencies = timing.map((row) => row.replied - row.accepted).sort((a, b) => a - b);
  return {
    messages: options.messages,
    turnsPerSecond: options.messages / ((last - started) / 1000),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}
