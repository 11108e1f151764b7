/**
 * Made-up conversations for the demo seed and the benchmark: plausible mixes of channels,
 * markets, intents, escalations, tickets and ratings, from a seeded generator (the same seed
 * gives the same data). Never used for real traffic; every fact carries its source.
 */
import { contributionOf, dayOf, rollupKeyOf } from './definitions.ts';
import type { ReportStore } from './store.ts';
import type { ConversationFact, Counters, ReportSource, RollupKey } from './types.ts';
import { COUNTERS } from './types.ts';

/** A small deterministic PRNG (mulberry32): no Math.random, so a seed replays exactly. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(next: () => number, weighted: [T, number][]): T {
  const total = weighted.reduce((sum, [, weight]) => sum + weight, 0);
  let at = next() * total;
  for (const [value, weight] of weighted) {
    at -= weight;
    if (at <= 0) return value;
  }
  return weighted[weighted.length - 1]![0];
}

const CHANNELS: [string, number][] = [['whatsapp', 30], ['web', 30], ['sms', 20], ['slack', 12], ['teams', 8]];
const MARKETS: [[string, string], number][] = [[['SE', 'sv'], 30], [['DE', 'de'], 22], [['GB', 'en'], 18], [['US', 'en'], 14], [['NL', 'nl'], 9], [['NO', 'nb'], 7]];
/** intent, route, weight, chance it escalates, the reasons it escalates for. */
const INTENTS: [string, string, number, number, string[]][] = [
  ['payment_schedule', 'payments', 18, 0.03, ['repeated_failure']],
  ['refund_status', 'refunds', 16, 0.08, ['frustration', 'repeated_failure']],
  ['order_status', 'orders', 14, 0.04, ['repeated_failure']],
  ['delivery_tracking', 'orders', 9, 0.06, ['frustration']],
  ['extend_due_date', 'payments', 7, 0.05, ['repeated_failure']],
  ['report_return', 'refunds', 6, 0.1, ['frustration']],
  ['dispute_purchase', 'disputes', 6, 0.35, ['dispute_over_limit', 'requested_human']],
  ['unrecognised_charge', 'disputes', 5, 0.3, ['fraud_suspected', 'requested_human']],
  ['stolen_card', 'disputes', 2, 0.9, ['stolen_card']],
  ['login_help', 'account', 5, 0.12, ['repeated_failure', 'frustration']],
  ['personal_details', 'account', 3, 0.1, ['requested_human']],
  ['human_agent', 'general', 4, 0.85, ['requested_human']],
  ['policy_question', 'general', 3, 0.05, ['repeated_failure']],
  ['complaint', 'general', 2, 0.6, ['frustration']],
];
const QUEUE_OF: Record<string, string> = { stolen_card: 'security', fraud_suspected: 'security', dispute_over_limit: 'disputes' };
const ROUTE_QUEUE: Record<string, string> = { payments: 'payments', refunds: 'payments', disputes: 'disputes' };

export interface SyntheticOptions {
  count: number;
  /** The first and last day conversations start on (UTC, `YYYY-MM-DD`). */
  from: string;
  to: string;
  source: ReportSource;
  seed?: number;
}

/** Yields `count` conversations spread over the days, more on weekdays and in office hours. */
export function* syntheticConversations(options: SyntheticOptions): Generator<ConversationFact> {
  const next = random(options.seed ?? 17);
  const first = Date.parse(`${options.from}T00:00:00Z`);
  const days = Math.max(1, Math.round((Date.parse(`${options.to}T00:00:00Z`) - first) / 86_400_000) + 1);
  for (let index = 0; index < options.count; index++) {
    const day = Math.floor(next() * days);
    const hour = 7 + Math.floor(next() * 14);
    const startedAt = first + day * 86_400_000 + hour * 3_600_000 + Math.floor(next() * 3_600_000);
    const [market, language] = pick(next, MARKETS);
    const [intent, route, , escalates, reasons] = pick(next, INTENTS.map((entry) => [entry, entry[2]] as [typeof entry, number]));
    const messages = 1 + Math.floor(next() * 4);
    const answeredAt = startedAt + messages * (20_000 + Math.floor(next() * 40_000));
    let fact: ConversationFact = {
      id: `${options.source}:${options.seed ?? 17}:${index}`,
      threadId: `${options.source}-thread:${index}`,
      source: options.source,
      day: dayOf(startedAt),
      channel: pick(next, CHANNELS),
      market,
      language,
      route,
      intent,
      outcome: 'automated',
      reason: '',
      startedAt,
      lastAt: answeredAt,
      answeredAt,
      lastSeq: index,
      messages,
      version: 0,
    };
    if (next() < escalates) {
      const reason = reasons[Math.floor(next() * reasons.length)]!;
      const createdAt = answeredAt;
      const abandoned = next() < 0.05;
      const firstResponseAt = abandoned ? undefined : createdAt + 60_000 + Math.floor(next() * next() * 40 * 60_000);
      const closedAt = abandoned ? createdAt + 15 * 60_000 : firstResponseAt! + 5 * 60_000 + Math.floor(next() * 3 * 3_600_000);
      const rated = !abandoned && next() < 0.6;
      const rating = rated ? pick(next, [[5, 45], [4, 30], [3, 12], [2, 6], [1, 7]]) : undefined;
      fact = {
        ...fact,
        outcome: 'escalated',
        reason,
        lastAt: closedAt,
        ticket: {
          ticketId: `${fact.id}:ticket`,
          queue: QUEUE_OF[reason] ?? ROUTE_QUEUE[route] ?? 'general',
          reason,
          status: abandoned ? 'abandoned' : 'resolved',
          createdAt,
          closedAt,
          ...(firstResponseAt !== undefined ? { firstResponseAt } : {}),
          ...(rating !== undefined ? { rating } : {}),
          breached: firstResponseAt !== undefined && firstResponseAt - createdAt > 10 * 60_000 && next() < 0.7,
        },
      };
    } else if (next() < 0.06) {
      fact = { ...fact, outcome: 'reopened' };
    }
    yield fact;
  }
}

/**
 * Writes conversations and their rollups in large transactions (the demo seed, the benchmark's
 * million): the same facts and sums turns produce, without a turn each.
 */
export async function bulkLoad(store: ReportStore, facts: Iterable<ConversationFact>, batchSize = 5000): Promise<number> {
  let written = 0;
  let batch: ConversationFact[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const sums = new Map<string, { key: RollupKey; counters: Counters }>();
    for (const fact of batch) {
      const key = rollupKeyOf(fact);
      const id = JSON.stringify(key);
      let row = sums.get(id);
      if (!row) {
        row = { key, counters: contributionOf(fact) };
        sums.set(id, row);
        continue;
      }
      const contribution = contributionOf(fact);
      for (const name of COUNTERS) row.counters[name] += contribution[name];
    }
    if (!(await store.commit(batch.map((after) => ({ after })), [...sums.values()]))) throw new Error('bulk load met conversations that already exist (load into an empty store)');
    written += batch.length;
    batch = [];
  };
  for (const fact of facts) {
    batch.push(fact);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return written;
}
