import { demoCommerceRecords } from '../agents/commerce/demo-privacy.ts';
import type { CommerceRecords } from '../src/privacy/requests.ts';
import { SqliteStore } from '../src/store/sqlite.ts';
import type { Store } from '../src/store/types.ts';
import type { Config } from './config.ts';

/**
 * The commerce records erasure and export on request reach: the embedded demo's, when no
 * `COMMERCE_API_URL` is set and they live in the gateway's SQLite file; otherwise none (your
 * commerce backend answers such requests in its own system).
 */
export function privacyCommerceFor(config: Pick<Config, 'COMMERCE_API_URL'>, store: Store): CommerceRecords | undefined {
  return !config.COMMERCE_API_URL && store instanceof SqliteStore ? demoCommerceRecords(store.db) : undefined;
}
