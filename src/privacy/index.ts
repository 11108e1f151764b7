/**
 * Customer data under control: retention sweeps, erasure and export on request, audited.
 * See docs/data-protection.md.
 */
import type { Router } from 'express';
import type Database from 'better-sqlite3';
import type { Logger } from '../gateway/channel.ts';
import type { Store } from '../store/types.ts';
import { SqliteStore } from '../store/sqlite.ts';
import { PostgresStore } from '../store/postgres.ts';
import { createDemoCommerce } from '../../agents/commerce/demo-backend.ts';
import { demoCustomerAddresses, demoCustomerIdFor, eraseDemoCustomer } from '../../agents/commerce/demo-privacy.ts';
import { mountPrivacyApi } from './api.ts';
import { retentionMs, type RetentionSettings } from './config.ts';
import { PrivacyRequests, type CommerceRecords } from './requests.ts';
import { RetentionSweeper } from './retention.ts';
import { postgresPrivacyStore } from './postgres.ts';
import { sqlitePrivacyStore } from './sqlite.ts';
import type { PrivacyStore } from './types.ts';

export { privacyEnvShape } from './config.ts';
export type { ErasureReport, SubjectQuery } from './requests.ts';

/** The privacy tables and queries on the gateway's own connection. */
export function privacyStoreFor(store: Store): PrivacyStore {
  if (store instanceof SqliteStore) return sqlitePrivacyStore(store.db);
  if (store instanceof PostgresStore) return postgresPrivacyStore(store.pool);
  throw new Error(`no privacy store for a ${store.kind} store`);
}

/** The embedded demo's records, when they live in the gateway's SQLite file. */
function demoRecords(db: Database.Database): CommerceRecords {
  return {
    customerFor: (addresses) => demoCustomerIdFor(db, addresses),
    addressesOf: (customerId) => demoCustomerAddresses(db, customerId),
    erase: (customerId) => eraseDemoCustomer(db, customerId),
    async export(customerId) {
      const backend = createDemoCommerce(db);
      const orders = await backend.listOrders({ customerId }, 1000);
      return {
        customer: await backend.getCustomer(customerId),
        orders: await Promise.all(
          orders.map(async (order) => ({
            ...order,
            refunds: await backend.listRefunds(order.id),
            returns: await backend.listReturns(order.id),
            disputes: await backend.listDisputes(order.id),
          })),
        ),
        instalments: await backend.listInstalments(customerId),
        cards: await backend.listCards(customerId),
      };
    },
  };
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

/** Builds the privacy features on the store (creating their table and indexes). Call `start` to begin sweeping. */
export async function createPrivacy(deps: { store: Store; settings: PrivacySettings; logger: Logger }): Promise<Privacy> {
  const { store, settings } = deps;
  const logger = deps.logger.child({ module: 'privacy' });
  const privacy = privacyStoreFor(store);
  await privacy.migrate();
  const demo = !settings.COMMERCE_API_URL && store instanceof SqliteStore;
  const requests = new PrivacyRequests({
    store: privacy,
    ...(demo ? { commerce: demoRecords(store.db) } : {}),
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
