/**
 * The commerce domain the assistant's tools act on, and the one interface every
 * backend implements (the embedded SQLite demo, the HTTP client). Backends are
 * plain data access: who may see what is decided in `agents/tools/`, on the
 * verified identity of the turn.
 */

/** An amount in major units (12.5 = 12.50) of an ISO 4217 currency. */
export interface Money {
  amount: number;
  currency: string;
}

export interface CommerceCustomer {
  id: string;
  name: string;
  /** ISO 3166 country. */
  market: string;
  currency: string;
  /** E.164. */
  phone: string;
  email: string;
}

/** A store selling through the platform; its people reach us from their Teams tenant. */
export interface Merchant {
  id: string;
  name: string;
  tenantId: string;
  market: string;
}

export type OrderStatus = 'processing' | 'shipped' | 'delivered' | 'returned' | 'cancelled';

export interface Order {
  id: string;
  customerId: string;
  merchantId: string;
  merchantName: string;
  /** ISO date (YYYY-MM-DD). */
  placedAt: string;
  total: Money;
  status: OrderStatus;
  items: { name: string; quantity: number }[];
  carrier?: string;
  trackingNumber?: string;
  /** ISO date the parcel is expected, while it travels. */
  estimatedDelivery?: string;
  deliveredAt?: string;
  /** ISO date: the last day a return of the delivered order can be registered (the store's own window). */
  returnableUntil?: string;
}

export type InstalmentStatus = 'paid' | 'scheduled' | 'overdue';

export interface Instalment {
  id: string;
  orderId: string;
  customerId: string;
  /** 1-based position in the plan, out of `count`. */
  sequence: number;
  count: number;
  amount: Money;
  dueDate: string;
  status: InstalmentStatus;
  /** A due date can be moved once. */
  extended: boolean;
}

export type RefundStatus = 'pending' | 'processing' | 'refunded';

export interface Refund {
  id: string;
  orderId: string;
  amount: Money;
  status: RefundStatus;
  /** ISO date the money is expected back (pending/processing) or was paid back (refunded). */
  expectedBy?: string;
  refundedAt?: string;
}

export interface ReturnRecord {
  id: string;
  orderId: string;
  status: 'registered' | 'received';
  createdAt: string;
}

export interface Card {
  customerId: string;
  last4: string;
  brand: string;
  status: 'active' | 'frozen';
}

export interface Dispute {
  id: string;
  orderId: string;
  customerId: string;
  amount: Money;
  reason: string;
  status: 'open' | 'closed';
  createdAt: string;
}

/** One staff lookup of a customer's data, kept for audit. */
export interface AuditEntry {
  actorRole: string;
  actorAddress: string;
  action: string;
  subjectCustomerId?: string;
  detail?: string;
}

/**
 * An address the customer was verified by, on the channel that verifies it: a phone number
 * (SMS, WhatsApp, or vouched for by a signed-in site), an e-mail (vouched for by a signed-in
 * site), a signed-in web visitor's id, a Slack user. A value is only ever compared within its
 * own kind, so a web id that looks like a phone number reaches nobody's phone account.
 */
export interface CustomerAddress {
  kind: CustomerAddressKind;
  value: string;
}

export const CUSTOMER_ADDRESS_KINDS = ['phone', 'email', 'web', 'slack', 'teams'] as const;
export type CustomerAddressKind = (typeof CUSTOMER_ADDRESS_KINDS)[number];

/** What a staff member may search customers by. */
export interface CustomerQuery {
  phone?: string;
  email?: string;
  orderId?: string;
}

/**
 * What every action (a call that changes money or state) carries: a key derived from the inbox
 * message that asked for it, like a payment API's `Idempotency-Key`. A second call with the same
 * key (a turn retried after a crash or a database fault) changes nothing and answers as the first.
 */
export interface ActionOptions {
  idempotencyKey: string;
}

/**
 * Data access to the commerce system. Implementations return `undefined` for
 * what does not exist and throw {@link CommerceError} when the system fails.
 */
export interface CommerceBackend {
  /** The customer known by this verified address of this kind (never by the same value of another kind). */
  customerByAddress(address: CustomerAddress): Promise<CommerceCustomer | undefined>;
  merchantByTenant(tenantId: string): Promise<Merchant | undefined>;
  getCustomer(customerId: string): Promise<CommerceCustomer | undefined>;
  findCustomer(query: CustomerQuery): Promise<CommerceCustomer | undefined>;
  /** Newest first. */
  listOrders(filter: { customerId: string } | { merchantId: string }, limit?: number): Promise<Order[]>;
  getOrder(orderId: string): Promise<Order | undefined>;
  /** Every instalment of the customer, by due date. */
  listInstalments(customerId: string): Promise<Instalment[]>;
  /** Moves an instalment's due date by `days`; returns it as it now is. */
  extendDueDate(instalmentId: string, days: number, action: ActionOptions): Promise<Instalment>;
  listRefunds(orderId: string): Promise<Refund[]>;
  listReturns(orderId: string): Promise<ReturnRecord[]>;
  /** Registers a return of the order, or returns the one already registered. */
  registerReturn(orderId: string, action: ActionOptions): Promise<ReturnRecord>;
  listCards(customerId: string): Promise<Card[]>;
  /** Freezes the customer's card(s): the one ending `last4`, or all when omitted. */
  freezeCards(customerId: string, last4: string | undefined, action: ActionOptions): Promise<Card[]>;
  listDisputes(orderId: string): Promise<Dispute[]>;
  /** Opens a dispute, or returns the open one already on the order. */
  openDispute(dispute: { orderId: string; customerId: string; amount: Money; reason: string }, action: ActionOptions): Promise<Dispute>;
  recordAudit(entry: AuditEntry): Promise<void>;
}

/** The commerce system failed or refused a call. */
export class CommerceError extends Error {
  constructor(
    message: string,
    readonly code: 'unavailable' | 'not_found' | 'conflict' | 'invalid_response',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CommerceError';
  }
}
