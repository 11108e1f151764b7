/**
 * Data-protection requests against the embedded demo commerce backend (the `commerce_*`
 * tables of demo-backend.ts): which addresses reach a customer, and erasing a customer with
 * everything the demo keeps about them. A real commerce backend answers these in its own system.
 */
import type Database from 'better-sqlite3';
import type { CommerceRecords } from '../../src/privacy/requests.ts';
import { createDemoCommerce } from './demo-backend.ts';

const hasDemoTables = (db: Database.Database): boolean =>
  (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'commerce_customers'").get() as { n: number }).n > 0;

/** The demo customer reached at any of `addresses` (phone, e-mail, web id), by id; undefined when none. */
export function demoCustomerIdFor(db: Database.Database, addresses: string[]): string | undefined {
  if (!hasDemoTables(db)) return undefined;
  // Compared in lower case: e-mail addresses are stored so, phone numbers have no case, web ids are matched as the gateway saw them.
  const byAddress = db.prepare<[string], { customer_id: string }>('SELECT customer_id FROM commerce_customer_addresses WHERE lower(value) = ?');
  for (const address of addresses) {
    const found = byAddress.get(address.trim().toLowerCase());
    if (found) return found.customer_id;
  }
  const byId = db.prepare<[string], { id: string }>('SELECT id FROM commerce_customers WHERE id = ?');
  for (const address of addresses) {
    const found = byId.get(address.trim());
    if (found) return found.id;
  }
  return undefined;
}

/** Every address that reaches the demo customer: phone, e-mail and web ids (lower case). */
export function demoCustomerAddresses(db: Database.Database, customerId: string): string[] {
  if (!hasDemoTables(db)) return [];
  const customer = db.prepare<[string], { phone: string; email: string }>('SELECT phone, email FROM commerce_customers WHERE id = ?').get(customerId);
  const aliases = db.prepare<[string], { value: string }>('SELECT value FROM commerce_customer_addresses WHERE customer_id = ?').all(customerId).map((row) => row.value);
  return [...new Set([...(customer ? [customer.phone, customer.email.toLowerCase()] : []), ...aliases])];
}

/**
 * Removes the demo customer and every record of theirs: addresses, cards, orders with their
 * instalments, refunds, returns and disputes, audit entries about them or written by them, and
 * remembered action results that mention them. One transaction; returns rows removed per table.
 */
export function eraseDemoCustomer(db: Database.Database, customerId: string): Record<string, number> {
  if (!hasDemoTables(db)) return {};
  const addresses = demoCustomerAddresses(db, customerId);
  const orderIds = db.prepare<[string], { id: string }>('SELECT id FROM commerce_orders WHERE customer_id = ?').all(customerId).map((row) => row.id);
  const removed: Record<string, number> = {};
  const count = (table: string, changes: number) => {
    if (changes > 0) removed[table] = (removed[table] ?? 0) + changes;
  };
  db.transaction(() => {
    const forOrders = (table: string) => {
      const statement = db.prepare(`DELETE FROM ${table} WHERE order_id = ?`);
      for (const orderId of orderIds) count(table, statement.run(orderId).changes);
    };
    forOrders('commerce_refunds');
    forOrders('commerce_returns');
    forOrders('commerce_disputes');
    forOrders('commerce_instalments');
    count('commerce_disputes', db.prepare('DELETE FROM commerce_disputes WHERE customer_id = ?').run(customerId).changes);
    count('commerce_instalments', db.prepare('DELETE FROM commerce_instalments WHERE customer_id = ?').run(customerId).changes);
    count('commerce_orders', db.prepare('DELETE FROM commerce_orders WHERE customer_id = ?').run(customerId).changes);
    count('commerce_cards', db.prepare('DELETE FROM commerce_cards WHERE customer_id = ?').run(customerId).changes);
    count('commerce_audit', db.prepare('DELETE FROM commerce_audit WHERE subject_customer_id = ?').run(customerId).changes);
    const byActor = db.prepare('DELETE FROM commerce_audit WHERE lower(actor_address) = ?');
    for (const address of addresses) count('commerce_audit', byActor.run(address.toLowerCase()).changes);
    // Remembered results of actions (a frozen card, an opened dispute) name the customer or their orders.
    const remembered = db.prepare("DELETE FROM commerce_idempotency WHERE instr(response, ?) > 0 OR operation LIKE ? OR operation LIKE ?");
    for (const id of [customerId, ...orderIds]) count('commerce_idempotency', remembered.run(`"${id}"`, `%:${id}`, `%:${id}:%`).changes);
    count('commerce_customer_addresses', db.prepare('DELETE FROM commerce_customer_addresses WHERE customer_id = ?').run(customerId).changes);
    count('commerce_customers', db.prepare('DELETE FROM commerce_customers WHERE id = ?').run(customerId).changes);
  })();
  return removed;
}

/** The embedded demo's records, for erasure and export on request (when they live in the gateway's SQLite file). */
export function demoCommerceRecords(db: Database.Database): CommerceRecords {
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
