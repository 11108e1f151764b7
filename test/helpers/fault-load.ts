/**
 * Load for fault tests: web users sending numbered messages in order, the way a provider
 * delivers them (a 503 or a dropped connection is delivered again, same id, until accepted),
 * and the tally every fault test checks: lost, doubled, apologies, order per thread.
 */
import { expect } from 'vitest';
import type { GatewayProcess } from './gateway-process.ts';
import type { WebReply } from './web-client.ts';

const TEXTS = ['where is my refund?', 'when is my next payment due?', 'hello', 'where is my order?', 'thanks'];

export interface LoadPlan {
  users: string[];
  perUser: number;
}

export interface LoadRun {
  /** Message ids the gateway acknowledged (202), per user, in sending order. */
  accepted: Map<string, string[]>;
  /** Deliveries answered with something other than 202 (and delivered again). */
  refusals: number;
  done: Promise<void>;
  acceptedCount(): number;
}

/** A user's n-th message id. */
export const messageId = (user: string, index: number) => `${user}-${index}`;

/**
 * Sends every user's messages in order, all users at once (`parallel` at a time). Each delivery
 * is repeated until the gateway accepts it, for up to `patienceMs`.
 */
export function sendLoad(url: string, plan: LoadPlan, options: { parallel?: number; patienceMs?: number; pauseMs?: number } = {}): LoadRun {
  const accepted = new Map<string, string[]>(plan.users.map((user) => [user, []]));
  let refusals = 0;
  let count = 0;
  const deliver = async (user: string, index: number) => {
    const id = messageId(user, index);
    const deadline = Date.now() + (options.patienceMs ?? 60_000);
    for (;;) {
      const status = await fetch(`${url}/webhooks/web`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: user, text: TEXTS[index % TEXTS.length], id }),
        signal: AbortSignal.timeout(20_000),
      }).then(
        async (res) => (await res.arrayBuffer(), res.status),
        () => 0,
      );
      if (status === 202) break;
      refusals++;
      if (Date.now() > deadline) throw new Error(`message ${id} was never accepted (last status ${status})`);
      await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 300));
    }
    accepted.get(user)!.push(id);
    count++;
  };
  const queue = [...plan.users];
  const done = Promise.all(
    Array.from({ length: options.parallel ?? 25 }, async () => {
      for (let user = queue.shift(); user; user = queue.shift()) {
        for (let index = 0; index < plan.perUser; index++) {
          await deliver(user, index);
          if (options.pauseMs) await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
        }
      }
    }),
  ).then(() => undefined);
  // A test that fails early (the gateway died) must not leave this rejection unhandled.
  done.catch(() => undefined);
  return { accepted, done, acceptedCount: () => count, get refusals() { return refusals; } };
}

/** Resolves once `predicate` holds, polling every 50 ms; fails at once if `gateway` exits meanwhile. */
export async function until(predicate: () => boolean | Promise<boolean>, timeoutMs: number, what: string, gateway?: GatewayProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (gateway && gateway.child.exitCode !== null) throw new Error(`the gateway died (exit ${gateway.child.exitCode}) while waiting for ${what}:\n${gateway.output().slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function repliesOf(url: string, user: string): Promise<WebReply[] | undefined> {
  const res = await fetch(`${url}/webhooks/web/${encodeURIComponent(user)}/messages`).catch(() => undefined);
  if (!res?.ok) return undefined;
  return ((await res.json()) as { messages: WebReply[] }).messages;
}

export interface Tally {
  messages: number;
  lost: number;
  doubled: number;
  apologies: number;
  outOfOrder: number;
  /** Milliseconds from `since` until the last accepted message had its reply. */
  drainedMs: number;
}

/**
 * Waits until every accepted message has a reply (or `timeoutMs` passes), then counts: messages
 * with no reply (lost), with more than one (doubled), replies that are the apology, and users whose
 * replies came in another order than their messages.
 */
export async function tally(url: string, run: LoadRun, since: number, timeoutMs = 90_000): Promise<Tally> {
  const deadline = Date.now() + timeoutMs;
  const replies = new Map<string, WebReply[]>();
  let drainedAt = Date.now();
  for (const [user, ids] of run.accepted) {
    for (;;) {
      const list = await repliesOf(url, user);
      if (list && ids.every((id) => list.some((reply) => reply.replyTo === id))) {
        replies.set(user, list);
        drainedAt = Math.max(drainedAt, ...list.map((reply) => Date.parse(reply.createdAt)));
        break;
      }
      if (Date.now() > deadline) {
        replies.set(user, list ?? []);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const counts: Tally = { messages: 0, lost: 0, doubled: 0, apologies: 0, outOfOrder: 0, drainedMs: Math.max(0, drainedAt - since) };
  for (const [user, ids] of run.accepted) {
    const list = replies.get(user)!;
    counts.messages += ids.length;
    for (const id of ids) {
      const answers = list.filter((reply) => reply.replyTo === id);
      if (answers.length === 0) counts.lost++;
      if (answers.length > 1) counts.doubled++;
    }
    counts.apologies += list.filter((reply) => (reply.meta as { error?: unknown } | undefined)?.error === true).length;
    const order = list.map((reply) => reply.replyTo).filter((id): id is string => id !== null && ids.includes(id));
    if (order.join() !== ids.join()) counts.outOfOrder++;
  }
  return counts;
}

/** The checks every fault test makes. */
export function expectClean(counts: Tally, expectedMessages: number): void {
  expect({ ...counts, drainedMs: undefined }).toEqual({ messages: expectedMessages, lost: 0, doubled: 0, apologies: 0, outOfOrder: 0, drainedMs: undefined });
}

/** With FAULT_REPORT=1, one line per fault test with its figures (for the closing note). */
export function report(name: string, figures: Record<string, unknown>): void {
  if (process.env.FAULT_REPORT) process.stdout.write(`FAULT ${name}: ${JSON.stringify(figures)}\n`);
}
