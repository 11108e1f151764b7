/**
 * Customer data under control: retention sweeps, erasure and export on request, audited.
 * See docs/data-protection.md.
 */
import type { Router } from 'express';
import type { Logger } from '../gateway/channel.ts';
import type { Store } from '../store/types.ts';
import { SqliteStore } from '../store/sqlite.ts';
import type { PostgresStore } from '../store/postgres.ts';
import { mountPrivacyApi } from './api.ts';
import { retentionMs, type RetentionSettings } from './config.ts';
import { PrivacyRequests, type CommerceRecords } from './requests.ts';
import { RetentionSweeper } from './retention.ts';
import { postgresPrivacyStore } from './postgres.ts';
import { sqlitePrivacyStore } from './sqlite.ts';
import type { PrivacyStore } from './types.ts';

export { privacyEnvShape } from './config.ts';
export type { CommerceRecords, ErasureReport, SubjectQuery } from './requests.ts';

/** The privacy tables and queries on the gateway's own connection. */
export function privacyStoreFor(store: Store): PrivacyStore {
  if (store instanceof SqliteStore) return sqlitePrivacyStore(store.db);
  // By kind, not instanceof: the PostgreSQL store's module (and pg) loads only when it is used.
  if (store.kind === 'postgres' && 'pool' in store) return postgresPrivacyStore((store as PostgresStore).pool);
  throw new Error(`no privacy store for a ${store.kind} store`);
}

export interface PrivacySettings extends RetentionSettings {
  COMMERCE_API_URL?: string;
  CONSOLE_TOKEN?: string;
}

export interface Privacy {
  store: PrivacyStore;
  requests: PrivacyRequests;
  sweeper: RetentionSweeper;
  /** `POST /api/handoff/customers/erase` and `/export`, for the supervisor token only. */
  mount(router: Router): void;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Builds the privacy features on the store (creating their table and indexes). Call `start` to begin sweeping.
 * `commerce`: the commerce records the gateway itself holds (the embedded demo's, in its SQLite
 * file), erased and exported with the rest; the composition root supplies them.
 */
export async function createPrivacy(deps: { store: Store; settings: PrivacySettings; logger: Logger; commerce?: CommerceRecords }): Promise<Privacy> {
  const { store, settings } = deps;
  const logger = deps.logger.child({ module: 'privacy' });
  const privacy = privacyStoreFor(store);
  await privacy.migrate();
  const requests = new PrivacyRequests({
    store: privacy,
    ...(deps.commerce ? { commerce: deps.commerce } : {}),
    commerceNote: settings.COMMERCE_API_URL
      ? `commerce records live in your commerce backend (${new URL(settings.COMMERCE_API_URL).host}): erase or export them there`
      : 'the demo commerce backend is held in memory on PostgreSQL and never stored',
    logger,
  });
  const sweeper = new RetentionSweeper(privacy, {
    messagesMs: retentionMs(settings.RETENTION_MESSAGES_DAYS),
    ticketsMs: retentionMs(settings.RETENTION_TICKETS_DAYS),
    batch: settings.RETENTION_BATCH,
    intervalMs: settings.RETENTION_SWEEP_MS,
    logger,
  });
  return {
    store: privacy,
    requests,
    sweeper,
    mount: (router) => mountPrivacyApi(router, { requests, consoleToken: settings.CONSOLE_TOKEN, logger }),
    start: () => sweeper.start(),
    stop: () => sweeper.stop(),
  };
}
