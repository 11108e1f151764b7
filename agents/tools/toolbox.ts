/**
 * The tools the specialists act through. A toolbox is bound to one turn's
 * verified identity: every call is scoped to what that identity may see, so no
 * wording of a message can reach another person's records. Staff lookups are
 * written to the audit log. Each call's name is recorded for the turn's meta.
 */
import type { TurnCustomer } from '../../src/gateway/assistant.ts';
import type { Card, CommerceBackend, CommerceCustomer, CustomerQuery, Dispute, Instalment, Money, Order, Refund, ReturnRecord } from '../commerce/types.ts';
import { canSeeOrder, refusalReasonFor, resolveSubject, type Subject } from './access.ts';

/** Why a tool gave nothing back. `not_found` also covers "exists, but not yours": the two must look alike. */
export type ToolRefusal = { ok: false; reason: 'not_found' | 'not_for_role' | 'unknown_customer' | 'sign_in' | 'not_allowed' | 'too_late' };
export type ToolResult<T> = ({ ok: true } & T) | ToolRefusal;

const refuse = (reason: ToolRefusal['reason']): ToolRefusal => ({ ok: false, reason });

/** Whether the store's return window for the order has ended (a return already registered stays registered). */
export function returnWindowPassed(order: Order, today: string = new Date().toISOString().slice(0, 10)): boolean {
  return order.returnableUntil !== undefined && today > order.returnableUntil;
}

/** Days a due date moves when a customer asks for more time. */
export const EXTENSION_DAYS = 14;

/** How many of the customer's orders the charge and dispute look-ups go through. */
const ORDERS_LOOKED_AT = 20;

/**
 * A payment taken (or about to be taken) from the customer for an order: a paid
 * or scheduled instalment, or the whole amount of an order bought without a plan.
 */
export interface Charge {
  order: Order;
  amount: Money;
  /** ISO date it was (or will be) taken. */
  date: string;
  status: 'charged' | 'scheduled';
  /** Position in the payment plan, when there is one. */
  sequence?: number;
  count?: number;
}

export class Toolbox {
  /** Names of the tools called this turn, in order. */
  readonly called: string[] = [];
  private subjectPromise: Promise<Subject> | undefined;
  /** The orders read this turn and how many were asked for: the router and the specialist look at the same list. */
  private ordersRead: { limit: number; result: Promise<ToolResult<{ orders: Order[] }>> } | undefined;

  /**
   * @param turnKey names the message this turn answers (its inbox id): every action's idempotency
   *   key is derived from it, so a turn run again after a crash or a database fault acts once.
   */
  constructor(
    private readonly commerce: CommerceBackend,
    private readonly identity: TurnCustomer,
    private readonly turnKey: string,
    private readonly paymentLinkBase = 'https://pay.switchboard.example/i/',
  ) {}

  /** The idempotency key of one action of this turn on one target. An action may change the orders: they are read again after it. */
  private action(name: string, target: string): { idempotencyKey: string } {
    this.ordersRead = undefined;
    return { idempotencyKey: `${this.turnKey}:${name}:${target}` };
  }

  /** The person this turn acts for, resolved once per turn. */
  subject(): Promise<Subject> {
    this.subjectPromise ??= resolveSubject(this.commerce, this.identity);
    return this.subjectPromise;
  }

  private async customer(): Promise<CommerceCustomer | ToolRefusal> {
    const subject = await this.subject();
    if (subject.kind === 'customer') return subject.customer;
    return refuse(refusalReasonFor(subject));
  }

  private async audit(action: string, subjectCustomerId: string | undefined, detail?: string): Promise<void> {
    await this.commerce.recordAudit({ actorRole: this.identity.role, actorAddress: this.identity.address, action, subjectCustomerId, detail });
  }

  /** One order, if the subject may see it. Staff reads are audited. */
  async getOrder(orderId: string): Promise<ToolResult<{ order: Order }>> {
    this.called.push('get_order');
    return this.visibleOrder(orderId);
  }

  /** The subject's recent orders: their own, or their store's. Read once per turn, unless more are asked for or an action ran since. */
  async listOrders(limit = 5): Promise<ToolResult<{ orders: Order[] }>> {
    if (!this.ordersRead || this.ordersRead.limit < limit) this.ordersRead = { limit, result: this.readOrders(limit) };
    const read = await this.ordersRead.result;
    return read.ok ? { ok: true, orders: read.orders.slice(0, limit) } : read;
  }

  private async readOrders(limit: number): Promise<ToolResult<{ orders: Order[] }>> {
    this.called.push('list_orders');
    const subject = await this.subject();
    if (subject.kind === 'customer') return { ok: true, orders: await this.commerce.listOrders({ customerId: subject.customer.id }, limit) };
    if (subject.kind === 'merchant') return { ok: true, orders: await this.commerce.listOrders({ merchantId: subject.merchant.id }, limit) };
    return refuse(refusalReasonFor(subject));
  }

  /** The customer's unpaid instalments, soonest first, and how many in all. */
  async getPaymentSchedule(): Promise<ToolResult<{ upcoming: Instalment[]; overdue: Instalment[] }>> {
    this.called.push('get_payment_schedule');
    const customer = await this.customer();
    if ('ok' in customer) return customer;
    const instalments = await this.commerce.listInstalments(customer.id);
    return {
      ok: true,
      overdue: instalments.filter((instalment) => instalment.status === 'overdue'),
      upcoming: instalments.filter((instalment) => instalment.status === 'scheduled'),
    };
  }

  /** A link to pay the next (or overdue) instalment now. */
  async createPaymentLink(instalment: Instalment): Promise<ToolResult<{ url: string }>> {
    this.called.push('create_payment_link');
    const customer = await this.customer();
    if ('ok' in customer) return customer;
    if (instalment.customerId !== customer.id) return refuse('not_found');
    return { ok: true, url: `${this.paymentLinkBase}${encodeURIComponent(instalment.id)}` };
  }

  /** Moves an instalment's due date by {@link EXTENSION_DAYS}, once. */
  async extendDueDate(instalment: Instalment): Promise<ToolResult<{ instalment: Instalment }>> {
    this.called.push('extend_due_date');
    const customer = await this.customer();
    if ('ok' in customer) return customer;
    if (instalment.customerId !== customer.id) return refuse('not_found');
    if (instalment.extended || instalment.status !== 'scheduled') return refuse('not_allowed');
    return { ok: true, instalment: await this.commerce.extendDueDate(instalment.id, EXTENSION_DAYS, this.action('extend_due_date', instalment.id)) };
  }

  /** Refunds and returns of an order the subject may see. */
  async getRefundStatus(orderId: string): Promise<ToolResult<{ order: Order; refunds: Refund[]; returns: ReturnRecord[] }>> {
    this.called.push('get_refund_status');
    const found = await this.visibleOrder(orderId);
    if (!found.ok) return found;
    const [refunds, returns] = await Promise.all([this.commerce.listRefunds(orderId), this.commerce.listReturns(orderId)]);
    return { ok: true, order: found.order, refunds, returns };
  }

  /** Registers a return of the customer's own delivered order. */
  async registerReturn(orderId: string): Promise<ToolResult<{ order: Order; record: ReturnRecord }>> {
    this.called.push('register_return');
    const customer = await this.customer();
    if ('ok' in customer) return customer;
    const order = await this.commerce.getOrder(orderId);
    if (!order || order.customerId !== customer.id) return refuse('not_found');
    if (order.status !== 'delivered' && order.status !== 'returned') return refuse('not_allowed');
    if (returnWindowPassed(order)) return refuse('too_late');
    return { ok: true, order, record: await this.commerce.registerReturn(orderId, this.action('register_return', orderId)) };
  }

  async listCards(): Promise<ToolResult<{ cards: Card[] }>> {
    this.called.push('list_cards');
    const customer = await this.customer();
    if ('ok' in customer) return customer;
    return { ok: true, cards: await this.commerce.listCards(customer.id) };
  }

  /**
   * Freezes the customer's card ending `last4`, or all their cards when none is
   * named. A named card that is not theirs freezes nothing (`not_found`): the
   * person meant one card, and freezing the others would surprise them.
   */
  async freezeCard(last4?: string): Promise<ToolResult<{ cards: Card[] }>> {
    this.called.push('freeze_card');
    const customer = await this.customer();
    if ('ok' in customer) return customer;
    if (last4 !== undefined) {
      const own = await this.commerce.listCards(customer.id);
      if (!own.some((card) => card.last4 === last4)) return refuse('not_found');
    }
    return { ok: true, cards: await this.commerce.freezeCards(customer.id, last4, this.action('freeze_card', last4 ?? 'all')) };
  }

  /** Opens a dispute on the customer's own order, for the amount named or the order total. */
  async openDispute(orderId: string, reason: string, amount?: Money): Promise<ToolResult<{ order: Order; dispute: Dispute }>> {
    this.called.push('open_dispute');
    const customer = await this.customer();
    if ('ok' in customer) return customer;
    const order = await this.commerce.getOrder(orderId);
    if (!order || order.customerId !== customer.id) return refuse('not_found');
    const disputed = amount && amount.currency === order.total.currency && amount.amount <= order.total.amount ? amount : order.total;
    return { ok: true, order, dispute: await this.commerce.openDispute({ orderId, customerId: customer.id, amount: disputed, reason }, this.action('open_dispute', orderId)) };
  }

  /** Every charge of the customer's recent orders, newest first: paid and scheduled instalments, and orders paid at once. */
  async listCharges(): Promise<ToolResult<{ charges: Charge[] }>> {
    this.called.push('list_charges');
    const customer = await this.customer();
    if ('ok' in customer) return customer;
    const [orders, instalments] = await Promise.all([this.commerce.listOrders({ customerId: customer.id }, ORDERS_LOOKED_AT), this.commerce.listInstalments(customer.id)]);
    const charges = orders.flatMap((order): Charge[] => {
      const plan = instalments.filter((instalment) => instalment.orderId === order.id);
      if (plan.length === 0) return order.status === 'cancelled' ? [] : [{ order, amount: order.total, date: order.placedAt, status: 'charged' }];
      return plan
        .filter((instalment) => instalment.status !== 'overdue')
        .map((instalment) => ({ order, amount: instalment.amount, date: instalment.dueDate, status: instalment.status === 'paid' ? 'charged' : 'scheduled', sequence: instalment.sequence, count: instalment.count }));
    });
    return { ok: true, charges: charges.sort((a, b) => b.date.localeCompare(a.date)) };
  }

  /** The disputes on the customer's recent orders, newest first. */
  async listDisputes(): Promise<ToolResult<{ disputes: { dispute: Dispute; order: Order }[] }>> {
    this.called.push('list_disputes');
    const customer = await this.customer();
    if ('ok' in customer) return customer;
    const orders = await this.commerce.listOrders({ customerId: customer.id }, ORDERS_LOOKED_AT);
    const perOrder = await Promise.all(orders.map(async (order) => (await this.commerce.listDisputes(order.id)).map((dispute) => ({ dispute, order }))));
    return { ok: true, disputes: perOrder.flat().sort((a, b) => b.dispute.createdAt.localeCompare(a.dispute.createdAt) || b.dispute.id.localeCompare(a.dispute.id)) };
  }

  /** Staff only: finds a customer by phone, e-mail or order number, with their recent orders. Audited. */
  async lookupCustomer(query: CustomerQuery): Promise<ToolResult<{ customer: CommerceCustomer; orders: Order[] }>> {
    this.called.push('lookup_customer');
    const subject = await this.subject();
    if (subject.kind !== 'staff') return refuse('not_for_role');
    const customer = await this.commerce.findCustomer(query);
    await this.audit('lookup_customer', customer?.id, JSON.stringify(query));
    if (!customer) return refuse('not_found');
    return { ok: true, customer, orders: await this.commerce.listOrders({ customerId: customer.id }, 5) };
  }

  private async visibleOrder(orderId: string): Promise<ToolResult<{ order: Order }>> {
    const subject = await this.subject();
    if (subject.kind === 'unknown' || subject.kind === 'guest') return refuse(refusalReasonFor(subject));
    const order = await this.commerce.getOrder(orderId);
    if (!order || !canSeeOrder(subject, order)) return refuse('not_found');
    if (subject.kind === 'staff') await this.audit('get_order', order.customerId, `order ${order.id}`);
    return { ok: true, order };
  }
}
