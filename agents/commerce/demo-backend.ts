/**
 * The embedded demo commerce backend: SQLite tables prefixed `commerce_` in the
 * gateway's own database, created and seeded idempotently, so `npm start` and
 * `npm run chat` have real customers, orders and payments to talk about.
 */
import type Database from 'better-sqlite3';
import { DEMO_CUSTOMERS, DEMO_MERCHANTS, DEMO_ORDERS } from './seed.ts';
import {
  CommerceError,
  type AuditEntry,
  type Card,
  type CommerceBackend,
  type CommerceCustomer,
  type CustomerAddress,
  type CustomerQuery,
  type Dispute,
  type Instalment,
  type Merchant,
  type Money,
  type Order,
  type Refund,
  type ReturnRecord,
} from './types.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS commerce_customers (id TEXT PRIMARY KEY, name TEXT NOT NULL, market TEXT NOT NULL, currency TEXT NOT NULL, phone TEXT NOT NULL, email TEXT NOT NULL);
DROP TABLE IF EXISTS commerce_addresses;
CREATE TABLE IF NOT EXISTS commerce_customer_addresses (kind TEXT NOT NULL, value TEXT NOT NULL, customer_id TEXT NOT NULL, PRIMARY KEY (kind, value));
CREATE TABLE IF NOT EXISTS commerce_merchants (id TEXT PRIMARY KEY, name TEXT NOT NULL, tenant_id TEXT NOT NULL UNIQUE, market TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS commerce_orders (id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, merchant_id TEXT NOT NULL, placed_at TEXT NOT NULL, total REAL NOT NULL, currency TEXT NOT NULL, status TEXT NOT NULL, items TEXT NOT NULL, carrier TEXT, tracking_number TEXT, estimated_delivery TEXT, delivered_at TEXT);
CREATE INDEX IF NOT EXISTS commerce_orders_customer ON commerce_orders (customer_id, placed_at);
CREATE INDEX IF NOT EXISTS commerce_orders_merchant ON commerce_orders (merchant_id, placed_at);
CREATE TABLE IF NOT EXISTS commerce_instalments (id TEXT PRIMARY KEY, order_id TEXT NOT NULL, customer_id TEXT NOT NULL, sequence INTEGER NOT NULL, count INTEGER NOT NULL, amount REAL NOT NULL, currency TEXT NOT NULL, due_date TEXT NOT NULL, status TEXT NOT NULL, extended INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS commerce_instalments_customer ON commerce_instalments (customer_id, due_date);
CREATE TABLE IF NOT EXISTS commerce_refunds (id TEXT PRIMARY KEY, order_id TEXT NOT NULL, amount REAL NOT NULL, currency TEXT NOT NULL, status TEXT NOT NULL, expected_by TEXT, refunded_at TEXT);
CREATE TABLE IF NOT EXISTS commerce_returns (id TEXT PRIMARY KEY, order_id TEXT NOT NULL UNIQUE, status TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS commerce_cards (customer_id TEXT NOT NULL, last4 TEXT NOT NULL, brand TEXT NOT NULL, status TEXT NOT NULL, PRIMARY KEY (customer_id, last4));
CREATE TABLE IF NOT EXISTS commerce_disputes (id TEXT PRIMARY KEY, order_id TEXT NOT NULL, customer_id TEXT NOT NULL, amount REAL NOT NULL, currency TEXT NOT NULL, reason TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS commerce_audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor_role TEXT NOT NULL, actor_address TEXT NOT NULL, action TEXT NOT NULL, subject_customer_id TEXT, detail TEXT);
CREATE TABLE IF NOT EXISTS commerce_idempotency (key TEXT PRIMARY KEY, operation TEXT NOT NULL, response TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS commerce_idempotency_age ON commerce_idempotency (created_at);
`;

/** How long an idempotency key is remembered (as payment APIs do): long enough for any retry of a turn. */
const IDEMPOTENCY_KEY_TTL_MS = 24 * 3_600_000;

const DAY_MS = 86_400_000;

function isoDay(base: number, offsetDays: number): string {
  return new Date(base + offsetDays * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Each customer's verified addresses, by kind: their phone number, their e-mail, and the web ids
 * of the demo (`web-astrid`). Filled at every start, so a database seeded by an older version
 * gets them too.
 */
function indexAddresses(db: Database.Database): void {
  const insert = db.prepare('INSERT OR IGNORE INTO commerce_customer_addresses VALUES (?, ?, ?)');
  const customers = db.prepare('SELECT id, phone, email FROM commerce_customers').all() as { id: string; phone: string; email: string }[];
  const known = new Set(customers.map((customer) => customer.id));
  db.transaction(() => {
    for (const customer of customers) {
      insert.run('phone', normalizeAddress({ kind: 'phone', value: customer.phone }), customer.id);
      insert.run('email', normalizeAddress({ kind: 'email', value: customer.email }), customer.id);
    }
    for (const customer of DEMO_CUSTOMERS) {
      if (!known.has(customer.id)) continue;
      for (const alias of customer.aliases) insert.run('web', alias, customer.id);
    }
  })();
}

/** E-mail addresses compare without case; every other kind exactly (after trimming). */
function normalizeAddress(address: CustomerAddress): string {
  const value = address.value.trim();
  return address.kind === 'email' ? value.toLowerCase() : value;
}

/** Seeds the demo data once; later calls find it there and change nothing. */
function seed(db: Database.Database, today: Date): void {
  const base = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  const customerCurrency = new Map(DEMO_CUSTOMERS.map((customer) => [customer.id, customer.currency]));
  const insertCustomer = db.prepare('INSERT OR IGNORE INTO commerce_customers VALUES (?, ?, ?, ?, ?, ?)');
  const insertCard = db.prepare("INSERT OR IGNORE INTO commerce_cards VALUES (?, ?, ?, 'active')");
  const insertMerchant = db.prepare('INSERT OR IGNORE INTO commerce_merchants VALUES (?, ?, ?, ?)');
  const insertOrder = db.prepare('INSERT OR IGNORE INTO commerce_orders VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const insertInstalment = db.prepare('INSERT OR IGNORE INTO commerce_instalments VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)');
  const insertRefund = db.prepare('INSERT OR IGNORE INTO commerce_refunds VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insertReturn = db.prepare("INSERT OR IGNORE INTO commerce_returns VALUES (?, ?, 'received', ?)");
  db.transaction(() => {
    for (const merchant of DEMO_MERCHANTS) insertMerchant.run(merchant.id, merchant.name, merchant.tenantId, merchant.market);
    for (const customer of DEMO_CUSTOMERS) {
      insertCustomer.run(customer.id, customer.name, customer.market, customer.currency, customer.phone, customer.email);
      insertCard.run(customer.id, customer.card.last4, customer.card.brand);
    }
    for (const order of DEMO_ORDERS) {
      const currency = customerCurrency.get(order.customerId) ?? 'EUR';
      insertOrder.run(
        order.id, order.customerId, order.merchantId, isoDay(base, order.placedDay), order.total, currency, order.status,
        JSON.stringify(order.items), order.carrier ?? null, order.trackingNumber ?? null,
        order.estimatedDay === undefined ? null : isoDay(base, order.estimatedDay),
        order.deliveredDay === undefined ? null : isoDay(base, order.deliveredDay),
      );
      order.plan?.forEach((instalment, index) => {
        insertInstalment.run(`i-${order.id}-${index + 1}`, order.id, order.customerId, index + 1, order.plan!.length, instalment.amount, currency, isoDay(base, instalment.dueDay), instalment.status);
      });
      if (order.refund) {
        const day = isoDay(base, order.refund.day);
        const refunded = order.refund.status === 'refunded';
        insertRefund.run(`r-${order.id}`, order.id, order.refund.amount, currency, order.refund.status, refunded ? null : day, refunded ? day : null);
      }
      if (order.returnReceived !== undefined) insertReturn.run(`ret-${order.id}`, order.id, isoDay(base, order.returnReceived));
    }
  })();
}

interface OrderRow {
  id: string; customer_id: string; merchant_id: string; merchant_name: string; placed_at: string; total: number; currency: string;
  status: Order['status']; items: string; carrier: string | null; tracking_number: string | null; estimated_delivery: string | null; delivered_at: string | null;
}
interface InstalmentRow {
  id: string; order_id: string; customer_id: string; sequence: number; count: number; amount: number; currency: string; due_date: string; status: Instalment['status']; extended: number;
}
interface DisputeRow { id: string; order_id: string; customer_id: string; amount: number; currency: string; reason: string; status: Dispute['status']; created_at: string }

const money = (amount: number, currency: string): Money => ({ amount, currency });
const optional = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

/** The demo stores' return window, as their help articles say: 30 days from delivery. */
const RETURN_DAYS = 30;
const daysAfter = (isoDate: string, days: number) => new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

function toOrder(row: OrderRow): Order {
  return {
    id: row.id, customerId: row.customer_id, merchantId: row.merchant_id, merchantName: row.merchant_name, placedAt: row.placed_at,
    total: money(row.total, row.currency), status: row.status, items: JSON.parse(row.items) as Order['items'],
    carrier: optional(row.carrier), trackingNumber: optional(row.tracking_number), estimatedDelivery: optional(row.estimated_delivery), deliveredAt: optional(row.delivered_at),
    ...(row.delivered_at ? { returnableUntil: daysAfter(row.delivered_at, RETURN_DAYS) } : {}),
  };
}
function toInstalment(row: InstalmentRow): Instalment {
  return {
    id: row.id, orderId: row.order_id, customerId: row.customer_id, sequence: row.sequence, count: row.count,
    amount: money(row.amount, row.currency), dueDate: row.due_date, status: row.status, extended: row.extended === 1,
  };
}
function toDispute(row: DisputeRow): Dispute {
  return { id: row.id, orderId: row.order_id, customerId: row.customer_id, amount: money(row.amount, row.currency), reason: row.reason, status: row.status, createdAt: row.created_at };
}

const ORDER_SELECT = 'SELECT o.*, m.name AS merchant_name FROM commerce_orders o JOIN commerce_merchants m ON m.id = o.merchant_id';

/**
 * Creates the demo backend on the given connection: tables `commerce_*` are
 * created and seeded if missing. `today` anchors the seeded dates (first seed only).
 */
export function createDemoCommerce(db: Database.Database, options: { today?: Date } = {}): CommerceBackend {
  db.exec(SCHEMA);
  const seeded = db.prepare('SELECT COUNT(*) AS n FROM commerce_customers').get() as { n: number };
  if (seeded.n === 0) seed(db, options.today ?? new Date());
  indexAddresses(db);

  const statements = {
    customerByAddress: db.prepare('SELECT c.* FROM commerce_customer_addresses a JOIN commerce_customers c ON c.id = a.customer_id WHERE a.kind = ? AND a.value = ?'),
    customer: db.prepare('SELECT * FROM commerce_customers WHERE id = ?'),
    merchantByTenant: db.prepare('SELECT id, name, tenant_id AS tenantId, market FROM commerce_merchants WHERE tenant_id = ?'),
    ordersOfCustomer: db.prepare(`${ORDER_SELECT} WHERE o.customer_id = ? ORDER BY o.placed_at DESC, o.id DESC LIMIT ?`),
    ordersOfMerchant: db.prepare(`${ORDER_SELECT} WHERE o.merchant_id = ? ORDER BY o.placed_at DESC, o.id DESC LIMIT ?`),
    order: db.prepare(`${ORDER_SELECT} WHERE o.id = ?`),
    instalments: db.prepare('SELECT * FROM commerce_instalments WHERE customer_id = ? ORDER BY due_date, sequence'),
    instalment: db.prepare('SELECT * FROM commerce_instalments WHERE id = ?'),
    extend: db.prepare("UPDATE commerce_instalments SET due_date = date(due_date, '+' || ? || ' days'), extended = 1 WHERE id = ?"),
    refunds: db.prepare('SELECT * FROM commerce_refunds WHERE order_id = ? ORDER BY id'),
    returns: db.prepare('SELECT id, order_id AS orderId, status, created_at AS createdAt FROM commerce_returns WHERE order_id = ?'),
    insertReturn: db.prepare("INSERT OR IGNORE INTO commerce_returns VALUES (?, ?, 'registered', ?)"),
    cards: db.prepare('SELECT customer_id AS customerId, last4, brand, status FROM commerce_cards WHERE customer_id = ? ORDER BY last4'),
    freezeOne: db.prepare("UPDATE commerce_cards SET status = 'frozen' WHERE customer_id = ? AND last4 = ?"),
    freezeAll: db.prepare("UPDATE commerce_cards SET status = 'frozen' WHERE customer_id = ?"),
    disputes: db.prepare('SELECT * FROM commerce_disputes WHERE order_id = ? ORDER BY created_at'),
    openDispute: db.prepare("SELECT * FROM commerce_disputes WHERE order_id = ? AND status = 'open'"),
    insertDispute: db.prepare("INSERT INTO commerce_disputes VALUES (?, ?, ?, ?, ?, ?, 'open', ?)"),
    countDisputes: db.prepare('SELECT COUNT(*) AS n FROM commerce_disputes'),
    audit: db.prepare('INSERT INTO commerce_audit (at, actor_role, actor_address, action, subject_customer_id, detail) VALUES (?, ?, ?, ?, ?, ?)'),
    keyed: db.prepare('SELECT operation, response FROM commerce_idempotency WHERE key = ?'),
    remember: db.prepare('INSERT INTO commerce_idempotency (key, operation, response, created_at) VALUES (?, ?, ?, ?)'),
    forgetOld: db.prepare('DELETE FROM commerce_idempotency WHERE created_at < ?'),
  };
  /**
   * Runs an action once per idempotency key: the first call acts and stores its answer in the same
   * transaction; a repeat answers the stored result and changes nothing. The same key on another
   * action is refused, as payment APIs do.
   */
  const once = <T>(action: { idempotencyKey: string }, operation: string, act: () => T): T =>
    db.transaction(() => {
      const seen = statements.keyed.get(action.idempotencyKey) as { operation: string; response: string } | undefined;
      if (seen) {
        if (seen.operation !== operation) throw new CommerceError(`idempotency key ${action.idempotencyKey} was used for another action`, 'conflict');
        return JSON.parse(seen.response) as T;
      }
      const result = act();
      const now = Date.now();
      statements.forgetOld.run(now - IDEMPOTENCY_KEY_TTL_MS);
      statements.remember.run(action.idempotencyKey, operation, JSON.stringify(result), now);
      return result;
    })();
  const customerRow = (row: unknown) => (row as CommerceCustomer | undefined) ?? undefined;
  const today = () => new Date().toISOString().slice(0, 10);

  return {
    async customerByAddress(address) {
      return customerRow(statements.customerByAddress.get(address.kind, normalizeAddress(address)));
    },
    async merchantByTenant(tenantId) {
      return (statements.merchantByTenant.get(tenantId) as Merchant | undefined) ?? undefined;
    },
    async getCustomer(customerId) {
      return customerRow(statements.customer.get(customerId));
    },
    async findCustomer(query: CustomerQuery) {
      if (query.phone) return this.customerByAddress({ kind: 'phone', value: query.phone });
      if (query.email) return this.customerByAddress({ kind: 'email', value: query.email });
      if (query.orderId) {
        const order = await this.getOrder(query.orderId);
        return order ? this.getCustomer(order.customerId) : undefined;
      }
      return undefined;
    },
    async listOrders(filter, limit = 20) {
      const rows = 'customerId' in filter ? statements.ordersOfCustomer.all(filter.customerId, limit) : statements.ordersOfMerchant.all(filter.merchantId, limit);
      return (rows as OrderRow[]).map(toOrder);
    },
    async getOrder(orderId) {
      const row = statements.order.get(orderId) as OrderRow | undefined;
      return row ? toOrder(row) : undefined;
    },
    async listInstalments(customerId) {
      return (statements.instalments.all(customerId) as InstalmentRow[]).map(toInstalment);
    },
    async extendDueDate(instalmentId, days, action) {
      return once(action, `extend_due_date:${instalmentId}:${days}`, () => {
        const current = statements.instalment.get(instalmentId) as InstalmentRow | undefined;
        if (!current) throw new CommerceError(`instalment ${instalmentId} not found`, 'not_found');
        if (current.extended === 1 || current.status === 'paid') throw new CommerceError(`instalment ${instalmentId} cannot be extended`, 'conflict');
        statements.extend.run(Math.round(days), instalmentId);
        return toInstalment(statements.instalment.get(instalmentId) as InstalmentRow);
      });
    },
    async listRefunds(orderId) {
      return (statements.refunds.all(orderId) as { id: string; order_id: string; amount: number; currency: string; status: Refund['status']; expected_by: string | null; refunded_at: string | null }[]).map(
        (row) => ({ id: row.id, orderId: row.order_id, amount: money(row.amount, row.currency), status: row.status, expectedBy: optional(row.expected_by), refundedAt: optional(row.refunded_at) }),
      );
    },
    async listReturns(orderId) {
      return statements.returns.all(orderId) as ReturnRecord[];
    },
    async registerReturn(orderId, action) {
      return once(action, `register_return:${orderId}`, () => {
        statements.insertReturn.run(`ret-${orderId}`, orderId, today());
        return statements.returns.get(orderId) as ReturnRecord;
      });
    },
    async listCards(customerId) {
      return statements.cards.all(customerId) as Card[];
    },
    async freezeCards(customerId, last4, action) {
      return once(action, `freeze_cards:${customerId}:${last4 ?? 'all'}`, () => {
        if (last4) statements.freezeOne.run(customerId, last4);
        else statements.freezeAll.run(customerId);
        const cards = statements.cards.all(customerId) as Card[];
        return cards.filter((card) => (last4 ? card.last4 === last4 : true) && card.status === 'frozen');
      });
    },
    async listDisputes(orderId) {
      return (statements.disputes.all(orderId) as DisputeRow[]).map(toDispute);
    },
    async openDispute(dispute, action) {
      return once(action, `open_dispute:${dispute.orderId}:${dispute.amount.amount} ${dispute.amount.currency}`, () => {
        const existing = statements.openDispute.get(dispute.orderId) as DisputeRow | undefined;
        if (existing) return toDispute(existing);
        const { n } = statements.countDisputes.get() as { n: number };
        const id = `D-${String(n + 1).padStart(5, '0')}`;
        statements.insertDispute.run(id, dispute.orderId, dispute.customerId, dispute.amount.amount, dispute.amount.currency, dispute.reason, today());
        return toDispute(statements.openDispute.get(dispute.orderId) as DisputeRow);
      });
    },
    async recordAudit(entry: AuditEntry) {
      statements.audit.run(new Date().toISOString(), entry.actorRole, entry.actorAddress, entry.action, entry.subjectCustomerId ?? null, entry.detail ?? null);
    },
  };
}
