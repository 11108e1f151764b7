/**
 * Reports: the numbers support leads read (automation, time to resolution, first response,
 * CSAT, escalations by reason, containment by route and intent), kept as rollups while turns
 * complete and tickets change, and served as JSON, CSV, a console page and Prometheus metrics.
 * Definitions: docs/reports.md.
 */
import type { Logger } from '../gateway/channel.ts';
import type { TurnListener } from '../gateway/hooks.ts';
import type { HandoffService } from '../handoff/service.ts';
import type { Metrics } from '../server/metrics.ts';
import type { PostgresStore } from '../store/postgres.ts';
import { SqliteStore } from '../store/sqlite.ts';
import type { Store } from '../store/types.ts';
import type { ReportsConfig } from './config.ts';
import { postgresReportStore } from './postgres.ts';
import { ReportRecorder, type ReportMetricsSink } from './recorder.ts';
import { sqliteReportStore } from './sqlite.ts';
import type { ReportStore } from './store.ts';
import { bulkLoad, syntheticConversations } from './synthetic.ts';
import { reportTurnListener, ticketFacts } from './turn-listener.ts';
import type { ReportRules } from './types.ts';

export { reportsEnvShape, type ReportsConfig } from './config.ts';
export { mountReports } from './api.ts';
export type { ReportStore } from './store.ts';

/** The report tables on the gateway's own database connection. */
export function reportStoreFor(store: Store): ReportStore {
  if (store instanceof SqliteStore) return sqliteReportStore(store.db, (write, ...args) => store.grouped(write, ...args));
  // By kind, not instanceof: the PostgreSQL store's module (and pg) loads only when it is used.
  if (store.kind === 'postgres' && 'pool' in store) return postgresReportStore((store as PostgresStore).pool);
  throw new Error(`reports have no backend for a ${store.kind} store`);
}

export function rulesFrom(config: Pick<ReportsConfig, 'REPORTS_QUIET_GAP_MINUTES' | 'REPORTS_COMEBACK_HOURS'>): ReportRules {
  return { quietGapMs: config.REPORTS_QUIET_GAP_MINUTES * 60_000, comebackMs: config.REPORTS_COMEBACK_HOURS * 3_600_000 };
}

export function metricsSink(metrics: Metrics): ReportMetricsSink {
  return {
    conversation(channel, outcome, reason) {
      metrics.conversations.inc({ channel });
      if (outcome === 'automated') metrics.conversationsAutomated.inc({ channel });
      if (outcome === 'escalated') metrics.conversationsEscalated.inc({ channel, reason: reason || 'unspecified' });
    },
    unautomated(channel, why, reason) {
      metrics.conversationsUnautomated.inc({ channel, why });
      if (why === 'escalated') metrics.conversationsEscalated.inc({ channel, reason: reason || 'unspecified' });
    },
    rating: (rating) => metrics.ticketRatings.observe(rating),
    firstResponse: (seconds) => metrics.ticketFirstResponseSeconds.observe(seconds),
  };
}

export interface Reports {
  store: ReportStore;
  recorder: ReportRecorder;
  /** Install with `gateway.observe()`. */
  listener: TurnListener;
  /** Keeps tickets' changes (first response, resolution, rating, breach, transfer) in their conversations. */
  follow(service: HandoffService): void;
}

export function createReports(deps: { store: Store; config: ReportsConfig; metrics?: Metrics; logger: Logger; service?: HandoffService }): Reports {
  const reports = reportStoreFor(deps.store);
  const recorder = new ReportRecorder(reports, rulesFrom(deps.config), { logger: deps.logger, ...(deps.metrics ? { metrics: metricsSink(deps.metrics) } : {}) });
  return {
    store: reports,
    recorder,
    listener: reportTurnListener({ recorder, customers: deps.store.customers, ...(deps.service ? { tickets: deps.service.tickets } : {}) }),
    follow(service) {
      service.changes.on('change', (change: { ticketId: string; type: string }) => {
        if (change.type === 'created') return;
        recorder
          .recordTicket(change.ticketId, async () => {
            const ticket = await service.tickets.get(change.ticketId);
            return ticket ? ticketFacts(ticket) : undefined;
          })
          .catch((error: unknown) => deps.logger.warn({ err: error, ticketId: change.ticketId }, 'reports could not follow a ticket change'));
      });
    },
  };
}

/** Days of made-up conversations the demo seed writes, ending yesterday. */
const DEMO_DAYS = 14;
const DEMO_CONVERSATIONS = 640;

/**
 * The demo seed: outside production, a store without any conversation gets two weeks of made-up
 * ones (source `demo`, shown with a label, and only until real traffic arrives). Returns how many.
 */
export async function seedDemoReports(reports: ReportStore, config: Pick<ReportsConfig, 'NODE_ENV' | 'REPORTS_DEMO_SEED'>, now = new Date()): Promise<number> {
  if (config.NODE_ENV === 'production' || config.REPORTS_DEMO_SEED === 'off') return 0;
  if ((await reports.sources()).length > 0) return 0;
  const day = (offset: number) => new Date(now.getTime() - offset * 86_400_000).toISOString().slice(0, 10);
  return bulkLoad(reports, syntheticConversations({ count: DEMO_CONVERSATIONS, from: day(DEMO_DAYS), to: day(1), source: 'demo', seed: 2026 }));
}
