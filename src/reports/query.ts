import { ValidationError } from '../errors.ts';
import { zeroCounters } from './definitions.ts';
import { facetFor, type ReportStore, type RollupFilter } from './store.ts';
import { COUNTERS, DIMENSIONS, REPORT_SOURCES, type Counters, type Dimension, type ReportSource } from './types.ts';

/** The longest period one report covers. */
export const MAX_DAYS = 366;

export interface ReportRequest {
  /** First and last UTC day, `YYYY-MM-DD`, both included. */
  from: string;
  to: string;
  /** `undefined`: live traffic when there is any, else eval runs, else the demo seed (the report says which). */
  source?: ReportSource | 'all';
  /** `undefined`: every conversation (a supervisor); a list: those that reached these queues (an agent). */
  queues?: string[];
  /** Extra grouping for a team's own BI (`groups` in the answer, the rows of the CSV). */
  groupBy?: Dimension[];
}

/** The numbers of docs/reports.md for one set of conversations. */
export interface Figures {
  conversations: number;
  messages: number;
  automated: number;
  /** automated ÷ conversations (containment), 0–1; `null` without conversations. */
  automationRate: number | null;
  escalated: number;
  reopened: number;
  /** No ticket, and the last question had no answer ("no article"): neither automated nor with a person. */
  unanswered: number;
  resolved: number;
  abandoned: number;
  avgResolutionSeconds: number | null;
  avgFirstResponseSeconds: number | null;
  slaBreaches: number;
  ratings: { 1: number; 2: number; 3: number; 4: number; 5: number };
  ratingsCount: number;
  csatAverage: number | null;
  /** Share of ratings that are 4 or 5. */
  csatSatisfied: number | null;
}

export interface Report {
  from: string;
  to: string;
  scope: { queues: string[] | 'all' };
  data: { shown: ReportSource[]; available: ReportSource[]; label?: string };
  totals: Figures;
  days: (Figures & { day: string })[];
  breakdowns: Record<'channel' | 'market' | 'language' | 'route', (Figures & { value: string })[]>;
  escalationReasons: { reason: string; conversations: number; share: number }[];
  lowestContainment: { route: string; intent: string; conversations: number; automated: number; containment: number }[];
  groups?: (Figures & { key: Record<string, string> })[];
  tookMs: number;
}

const round = (value: number, digits = 3) => Number(value.toFixed(digits));
const ratio = (part: number, whole: number) => (whole > 0 ? round(part / whole) : null);

export function figuresOf(counters: Counters): Figures {
  const ratingsCount = counters.rating1 + counters.rating2 + counters.rating3 + counters.rating4 + counters.rating5;
  const ratingSum = counters.rating1 + 2 * counters.rating2 + 3 * counters.rating3 + 4 * counters.rating4 + 5 * counters.rating5;
  return {
    conversations: counters.conversations,
    messages: counters.messages,
    automated: counters.automated,
    automationRate: ratio(counters.automated, counters.conversations),
    escalated: counters.escalated,
    reopened: counters.reopened,
    // The one outcome without a counter of its own: what is left of the conversations.
    unanswered: counters.conversations - counters.automated - counters.escalated - counters.reopened,
    resolved: counters.resolved,
    abandoned: counters.abandoned,
    avgResolutionSeconds: counters.ttrCount ? round(counters.ttrMs / counters.ttrCount / 1000, 1) : null,
    avgFirstResponseSeconds: counters.frtCount ? round(counters.frtMs / counters.frtCount / 1000, 1) : null,
    slaBreaches: counters.slaBreaches,
    ratings: { 1: counters.rating1, 2: counters.rating2, 3: counters.rating3, 4: counters.rating4, 5: counters.rating5 },
    ratingsCount,
    csatAverage: ratingsCount ? round(ratingSum / ratingsCount, 2) : null,
    csatSatisfied: ratio(counters.rating4 + counters.rating5, ratingsCount),
  };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

/** Checks a request's period and grouping; a wrong one is a {@link ValidationError} naming the fix. */
export function checkRequest(request: ReportRequest): void {
  for (const [name, value] of [['from', request.from], ['to', request.to]] as const) {
    if (!DAY.test(value) || Number.isNaN(dayNumber(value)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
      throw new ValidationError(`${name} must be a day as YYYY-MM-DD (got "${value}")`);
    }
  }
  const days = dayNumber(request.to) - dayNumber(request.from) + 1;
  if (days < 1) throw new ValidationError(`from (${request.from}) must not be after to (${request.to})`);
  if (days > MAX_DAYS) throw new ValidationError(`a report covers at most ${MAX_DAYS} days (asked for ${days})`);
  for (const dimension of request.groupBy ?? []) {
    if (!DIMENSIONS.includes(dimension)) throw new ValidationError(`groupBy takes ${DIMENSIONS.join(', ')} (got "${dimension}")`);
  }
  if (request.groupBy) facetFor(request.groupBy);
  if (request.source !== undefined && request.source !== 'all' && !REPORT_SOURCES.includes(request.source)) {
    throw new ValidationError(`source takes live, eval, demo or all (got "${request.source}")`);
  }
}

export const LABELS: Record<ReportSource, string | undefined> = {
  live: undefined,
  demo: 'Demo data: made up at start in development mode so the page is not empty. It is not real traffic, and it leaves the default view as soon as real conversations arrive.',
  eval: 'Eval runs: conversations the evaluation runner played against the assistant (npm run eval -- --store), not real customers.',
};

/** The report for a period, from the rollups alone: a handful of grouped sums over the period's rows. */
export async function buildReport(store: ReportStore, request: ReportRequest): Promise<Report> {
  checkRequest(request);
  const started = performance.now();
  const available = await store.sources();
  const shown: ReportSource[] =
    request.source === 'all' ? [...REPORT_SOURCES] : request.source ? [request.source] : [available.includes('live') ? 'live' : available.includes('eval') ? 'eval' : available.includes('demo') ? 'demo' : 'live'];
  const filter: RollupFilter = { from: request.from, to: request.to, sources: shown, ...(request.queues ? { queues: request.queues } : {}) };
  const by = async (dimension: Dimension) =>
    (await store.aggregate(filter, [dimension])).map((group) => ({ value: String(group.key[dimension]), counters: group.counters })).sort((a, b) => b.counters.conversations - a.counters.conversations);
  const [byDay, channel, market, language, route, reasons, intents] = await Promise.all([
    by('day'), by('channel'), by('market'), by('language'), by('route'), by('reason'), store.aggregate(filter, ['route', 'intent']),
  ]);
  // The totals are the days' sums: one query fewer.
  const total = zeroCounters();
  for (const entry of byDay) for (const name of COUNTERS) total[name] += entry.counters[name];
  const totals = figuresOf(total);
  const dayCounters = new Map(byDay.map((entry) => [entry.value, entry.counters]));
  const days: Report['days'] = [];
  for (let at = Date.parse(`${request.from}T00:00:00Z`); at <= Date.parse(`${request.to}T00:00:00Z`); at += 86_400_000) {
    const day = new Date(at).toISOString().slice(0, 10);
    days.push({ day, ...figuresOf(dayCounters.get(day) ?? zeroCounters()) });
  }
  const breakdown = (entries: { value: string; counters: Counters }[]) => entries.map((entry) => ({ value: entry.value, ...figuresOf(entry.counters) }));
  const escalatedConversations = reasons.filter((entry) => entry.value !== '').reduce((sum, entry) => sum + entry.counters.escalated, 0);
  const report: Report = {
    from: request.from,
    to: request.to,
    scope: { queues: request.queues ?? 'all' },
    data: { shown, available, ...(shown.length === 1 && LABELS[shown[0]!] ? { label: LABELS[shown[0]!] } : {}) },
    totals,
    days,
    breakdowns: { channel: breakdown(channel), market: breakdown(market), language: breakdown(language), route: breakdown(route) },
    escalationReasons: reasons
      .filter((entry) => entry.value !== '' && entry.counters.escalated > 0)
      .map((entry) => ({ reason: entry.value, conversations: entry.counters.escalated, share: round(entry.counters.escalated / escalatedConversations) }))
      .sort((a, b) => b.conversations - a.conversations || a.reason.localeCompare(b.reason)),
    lowestContainment: intents
      .map((group) => ({
        route: String(group.key.route),
        intent: String(group.key.intent),
        conversations: group.counters.conversations,
        automated: group.counters.automated,
        containment: round(group.counters.automated / group.counters.conversations),
      }))
      .sort((a, b) => a.containment - b.containment || b.conversations - a.conversations || a.intent.localeCompare(b.intent))
      .slice(0, 10),
    tookMs: 0,
  };
  if (request.groupBy?.length) {
    report.groups = (await store.aggregate(filter, request.groupBy)).map((group) => ({ key: group.key as Record<string, string>, ...figuresOf(group.counters) }));
  }
  report.tookMs = round(performance.now() - started, 1);
  return report;
}
