import type Database from 'better-sqlite3';
import type { ChannelId } from '../gateway/messages.ts';
import type { ChannelStateStore } from '../gateway/channel.ts';
import { toCustomer, type CustomerRow } from './sqlite-rows.ts';
import type { CustomerStore, IdentityKey } from './types.ts';

/** Customers on the gateway's SQLite connection: looked up by id or by a verified identity. */
export function sqliteCustomers(db: Database.Database): CustomerStore {
  const byId = db.prepare<[string], CustomerRow>('SELECT * FROM customers WHERE id = ?');
  const byIdentity = db.prepare<[string, string], CustomerRow>(
    'SELECT c.* FROM customers c JOIN identities i ON i.customer_id = c.id WHERE i.namespace = ? AND i.address = ?',
  );
  const setLanguage = db.prepare('UPDATE customers SET language = ?, language_chosen = ?, language_pending = ? WHERE id = ?');
  const setMarket = db.prepare('UPDATE customers SET market = ? WHERE id = ?');
  return {
    get: async (id) => {
      const row = byId.get(id);
      return row ? toCustomer(row) : undefined;
    },
    findByIdentity: async (key: IdentityKey) => {
      const row = byIdentity.get(key.namespace, key.address);
      return row ? toCustomer(row) : undefined;
    },
    setLanguage: async (id, language, chosen, pending) => {
      setLanguage.run(language, chosen ? 1 : 0, pending ?? null, id);
    },
    setMarket: async (id, market) => {
      setMarket.run(market, id);
    },
  };
}

/** Channel adapters' small state (opt-outs, user caches) as JSON per channel and key. */
export function sqliteChannelState(db: Database.Database): ChannelStateStore {
  const get = db.prepare<[string, string], { value: string }>('SELECT value FROM channel_state WHERE channel = ? AND key = ?');
  const set = db.prepare(
    `INSERT INTO channel_state (channel, key, value, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (channel, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare('DELETE FROM channel_state WHERE channel = ? AND key = ?');
  return {
    get: async <T>(channel: ChannelId, key: string) => {
      const row = get.get(channel, key);
      return row ? (JSON.parse(row.value) as T) : undefined;
    },
    set: async (channel, key, value) => {
      set.run(channel, key, JSON.stringify(value), Date.now());
    },
    delete: async (channel, key) => {
      remove.run(channel, key);
    },
  };
}
