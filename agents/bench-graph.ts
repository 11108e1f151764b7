/**
 * Measures the assistant graph with the real SqliteSaver on a temp file:
 * turns per second through `respond()`, and the time of turn 1 vs turn 500 of
 * one thread (bounded state: it must not grow). Run: `npx tsx agents/bench-graph.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite';
import type { TurnCustomer } from '../src/gateway/assistant.ts';
import { createAssistant, createDemoCommerce } from './index.ts';

const QUESTIONS = ['when is my next payment due?', 'where is my refund for order 1042?', 'status of order 1043', 'and when will it arrive?', 'hello', 'what is your return policy?', 'thanks'];
const customer: TurnCustomer = { id: 'bench', role: 'customer', channel: 'cli', address: '+46701234567' };

const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
const db = new Database(join(dir, 'bench.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
const assistant = createAssistant({ checkpointer: new SqliteSaver(db), commerce: createDemoCommerce(db) });

let messageSeq = 0;
async function turn(threadId: string, text: string): Promise<number> {
  const started = performance.now();
  await assistant.respond({ threadId, messageId: `m${++messageSeq}`, text, customer, language: 'en', languageChosen: false, market: 'SE', receivedAt: new Date() });
  return performance.now() - started;
}

// Warm up (JIT, prepared statements, Intl caches).
for (let i = 0; i < 200; i++) await turn(`warm-${i % 10}`, QUESTIONS[i % QUESTIONS.length]!);

// One long thread: turn 1 vs turn 500.
const times: number[] = [];
for (let i = 0; i < 500; i++) times.push(await turn('long-thread', QUESTIONS[i % QUESTIONS.length]!));
const average = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
console.log(`long thread: turn 1 ${times[0]!.toFixed(3)} ms, turns 1-10 avg ${average(times.slice(0, 10)).toFixed(3)} ms, turns 491-500 avg ${average(times.slice(490)).toFixed(3)} ms, turn 500 ${times[499]!.toFixed(3)} ms`);

// Throughput: many threads, sequential turns in one process.
const total = Number(process.argv[2] ?? 3000);
const started = performance.now();
for (let i = 0; i < total; i++) await turn(`thread-${i % 100}`, QUESTIONS[i % QUESTIONS.length]!);
const seconds = (performance.now() - started) / 1000;
console.log(`throughput: ${total} turns in ${seconds.toFixed(2)} s = ${Math.round(total / seconds)} turns/s (${((seconds * 1000) / total).toFixed(3)} ms per turn)`);

db.close();
rmSync(dir, { recursive: true, force: true });
