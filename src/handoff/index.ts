/**
 * Human handoff: when the graph escalates, a ticket opens in a queue chosen by rules; agents
 * answer from Slack, the console or the REST API; their replies reach the customer on the
 * customer's channel; resolving hands the thread back to the assistant (`Command({ resume })`).
 */
import type { Router } from 'express';
import type { Assistant } from '../gateway/assistant.ts';
import type { ChannelAdapter, Logger } from '../gateway/channel.ts';
import type { ChannelId } from '../gateway/messages.ts';
import type { TurnHooks } from '../gateway/hooks.ts';
import type { Store } from '../store/types.ts';
import { SqliteStore } from '../store/sqlite.ts';
import type { PostgresStore } from '../store/postgres.ts';
import { mountHandoffApi } from './api.ts';
import { HandoffAuth } from './auth.ts';
import { loadHandoffConfig, type HandoffConfig } from './config.ts';
import { mountConsole } from './console/routes.ts';
import { createHandoffHooks } from './hooks.ts';
import { loadQueueRules, type QueueRules } from './queues.ts';
import { HandoffService, type HandoffGateway } from './service.ts';
import { HandoffSweeper } from './sla.ts';
import { createSqlSessionStore, type ConsoleSessionStore } from './sessions.ts';
import type { SqlRunner } from './sql-runner.ts';
import { postgresRunner } from './tickets-postgres.ts';
import { sqliteRunner } from './tickets-sqlite.ts';
import { createSqlTicketStore } from './tickets-sql.ts';
import type { HandoffAssistant, TicketStore } from './types.ts';
import { WebhookSender } from './webhooks.ts';

export { handoffEnvShape, loadHandoffConfig, type HandoffConfig } from './config.ts';
export type { Ticket, TicketStore } from './types.ts';

export interface HandoffDeps {
  store: Store;
  gateway: HandoffGateway & { readonly isRunning: boolean; readonly channels?: ReadonlyMap<ChannelId, ChannelAdapter> };
  assistant: Assistant;
  logger: Logger;
  /** The raw environment (or a parsed config holding the same names). */
  env: Record<string, unknown>;
  /** Rules to use instead of `HANDOFF_QUEUES_FILE` (tests). */
  rules?: QueueRules;
  now?: () => Date;
}

export interface Handoff {
  hooks: TurnHooks;
  service: HandoffService;
  /** API tokens and console sessions. */
  auth: HandoffAuth;
  sweeper: HandoffSweeper;
  config: HandoffConfig;
  /** The REST API (`/api/handoff/...`) and the console (`/console`). */
  mount(router: Router): void;
  /** Starts the sweep of SLA timers, assignment timeouts, pending comebacks and webhooks. */
  start(): void;
  stop(): Promise<void>;
}

/** True when the assistant can be resumed after a person (agents/ `SwitchboardAssistant`). */
export function isHandoffAssistant(assistant: Assistant): assistant is Assistant & HandoffAssistant {
  const candidate = assistant as Partial<HandoffAssistant>;
  return typeof candidate.resume === 'function' && typeof candidate.status === 'function';
}

/** The handoff's statements on the gateway's own database connection. */
function runnerFor(store: Store): SqlRunner {
  if (store instanceof SqliteStore) return sqliteRunner(store.db);
  // By kind, not instanceof: the PostgreSQL store's module (and pg) loads only when it is used.
  if (store.kind === 'postgres' && 'pool' in store) return postgresRunner((store as PostgresStore).pool);
  throw new Error(`human handoff has no ticket store for a ${store.kind} store`);
}

/** Ticket tables on the gateway's own database connection. */
export function ticketStoreFor(store: Store): TicketStore {
  return createSqlTicketStore(runnerFor(store));
}

/** Console sessions on the gateway's own database connection, so every replica sees a sign-out. */
export function sessionStoreFor(store: Store): ConsoleSessionStore {
  return createSqlSessionStore(runnerFor(store));
}

/** Builds the handoff (and creates its tables). Install `hooks` with `gateway.use()`, then `mount` and `start`. */
export async function createHandoff(deps: HandoffDeps): Promise<Handoff> {
  if (!isHandoffAssistant(deps.assistant)) throw new Error('human handoff needs an assistant with resume() and status()');
  const config = loadHandoffConfig(deps.env);
  const rules = deps.rules ?? loadQueueRules(config.HANDOFF_QUEUES_FILE);
  const tickets = ticketStoreFor(deps.store);
  await tickets.migrate();
  const sessions = sessionStoreFor(deps.store);
  await sessions.migrate();
  const logger = deps.logger.child({ module: 'handoff' });
  const service = new HandoffService({ tickets, rules, config, gateway: deps.gateway, assistant: deps.assistant, logger, ...(deps.now ? { now: deps.now } : {}) });
  const auth = new HandoffAuth({ config, rules, sessions, now: service.now });
  const webhooks = new WebhookSender({ tickets, url: config.HANDOFF_WEBHOOK_URL, secret: config.HANDOFF_WEBHOOK_SECRET, logger, ...(deps.now ? { now: deps.now } : {}) });
  const sweeper = new HandoffSweeper(service, webhooks, { intervalMs: config.HANDOFF_SWEEP_MS, logger, isRunning: () => deps.gateway.isRunning });
  return {
    hooks: createHandoffHooks(service, {
      customers: deps.store.customers,
      outbox: deps.store.outbox,
      // A channel this process does not serve is another process's: assume it can send later.
      canPush: (channel) => deps.gateway.channels?.get(channel)?.limits.push !== false,
    }),
    service,
    auth,
    sweeper,
    config,
    mount(router) {
      mountHandoffApi(router, service, auth);
      mountConsole(router, service, auth);
    },
    start: () => sweeper.start(),
    stop: () => sweeper.stop(),
  };
}
