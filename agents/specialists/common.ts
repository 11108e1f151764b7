/** Helpers the specialists share: picking the order a question is about, and refusals. */
import type { Order } from '../commerce/types.ts';
import { routeOf } from '../intents.ts';
import { namesSomeItem, ordersNamedByItem } from '../item-words.ts';
import type { ToolRefusal } from '../tools/toolbox.ts';
import { refusalReasonFor } from '../tools/access.ts';
import type { SpecialistContext, SpecialistResult } from './types.ts';

/** The answer to a tool's refusal. "Not found" never says whether the order exists for someone else. */
export function refusal(refused: ToolRefusal, orderId?: string): SpecialistResult {
  switch (refused.reason) {
    case 'not_found':
      return { outcome: 'failed', answers: [orderId ? { key: 'common.order_not_found', values: { orderId } } : { key: 'common.not_found' }] };
    case 'not_for_role':
      return { outcome: 'resolved', answers: [{ key: 'common.not_for_role' }] };
    case 'unknown_customer':
      return { outcome: 'failed', answers: [{ key: 'common.unknown_customer' }] };
    case 'sign_in':
      // An anonymous visitor: nothing is wrong, they only need to sign in on the site first.
      return { outcome: 'resolved', answers: [{ key: 'common.sign_in' }] };
    case 'not_allowed':
    case 'too_late':
      return { outcome: 'failed', answers: [{ key: 'common.not_allowed' }] };
  }
}

/** How many of the person's own orders a number or an item name is checked against. */
const OWN_ORDERS_CHECKED = 20;
/** How many orders "which order?" lists. */
const ORDERS_OFFERED = 5;

export type OrderChoice = { ok: true; order: Order } | { ok: false; result: SpecialistResult };

/**
 * The order a request is about, from one of these, in order: the order number
 * this message names ("order 1043", a chosen button, or a bare number that is
 * one of the person's own orders); an item this message names that fits
 * exactly one of their orders ("the jacket"); the order the conversation was
 * about, when the message points back at it ("and when will it arrive?"); the
 * only one of their orders that `fits`; the order the conversation was about,
 * when this is the same topic; their only order; never the order
 * `excluded` ("and the other one?"). Otherwise the assistant lists the
 * candidates and asks, and never picks one silently.
 */
export async function chooseOrder(context: SpecialistContext, fits: (order: Order) => boolean): Promise<OrderChoice> {
  const { toolbox, mentioned } = context;
  if (mentioned.orderId) return visible(context, mentioned.orderId);
  const subject = await toolbox.subject();
  // Staff may see anyone's orders: they must say "order", and they have no list of their own.
  if (subject.kind !== 'customer' && subject.kind !== 'merchant') {
    return context.remembered && context.pointsBack ? visible(context, context.remembered) : { ok: false, result: refusal({ ok: false, reason: refusalReasonFor(subject) }) };
  }
  const listed = await toolbox.listOrders(OWN_ORDERS_CHECKED);
  if (!listed.ok) return { ok: false, result: refusal(listed) };
  const own = listed.orders.filter((order) => order.id !== context.excluded);
  const numbered = own.find((order) => mentioned.numbers?.includes(order.id));
  if (numbered) return { ok: true, order: numbered };
  const named = ordersNamedByItem(context.text, own);
  if (named.length === 1) return { ok: true, order: named[0]! };
  // "I want to return my headphones" from someone who bought none: no order is guessed, they are shown their orders.
  if (named.length === 0 && own.length > 0 && namesSomeItem(context.text)) {
    const asked = askWhichOrder(context, own.slice(0, ORDERS_OFFERED));
    return { ok: false, result: { ...asked, answers: [{ key: 'common.item_not_found' }, ...asked.answers] } };
  }
  const remembered = named.length === 0 && !context.excluded ? own.find((order) => order.id === context.remembered) : undefined;
  if (remembered && context.pointsBack) return { ok: true, order: remembered };
  const pool = named.length > 1 ? named : own;
  const fitting = pool.filter(fits);
  if (fitting.length === 1) return { ok: true, order: fitting[0]! };
  // "quando arrivano i soldi?" right after the return of order 2001 was registered: the order of the topic just discussed.
  if (remembered && context.previousIntent !== undefined && routeOf(context.previousIntent) === routeOf(context.intent)) return { ok: true, order: remembered };
  // The customer's only order is the one meant, even when it does not fit: the specialist says why (not delivered yet...).
  if (pool.length === 1) return { ok: true, order: pool[0]! };
  const offered = (fitting.length ? fitting : pool).slice(0, ORDERS_OFFERED);
  if (offered.length === 0) return { ok: false, result: { outcome: 'resolved', answers: [{ key: context.excluded ? 'common.no_other_orders' : 'common.no_orders' }] } };
  return { ok: false, result: askWhichOrder(context, offered) };
}

/** "Which order is it about?" with the candidates listed and as buttons; the answer continues this intent. */
export function askWhichOrder(context: SpecialistContext, offered: Order[]): SpecialistResult {
  const { format, intent, mentioned, text } = context;
  const carried = context.carried ?? { ...(mentioned.amount ? { amount: mentioned.amount } : {}), text: text.slice(0, 500) };
  return {
    outcome: 'resolved',
    answers: [{ key: 'common.which_order', values: { list: offered.map((order) => format.orderLine(order)).join('\n') } }],
    choices: offered.slice(0, 4).map((order) => ({ label: `#${order.id}`, value: `order:${order.id}` })),
    awaiting: { kind: 'order', intent, offered: offered.map((order) => order.id), carried },
  };
}

async function visible(context: SpecialistContext, orderId: string): Promise<OrderChoice> {
  const found = await context.toolbox.getOrder(orderId);
  return found.ok ? { ok: true, order: found.order } : { ok: false, result: refusal(found, orderId) };
}

/** An order on its way: being prepared or sent, not yet delivered. */
export const inTransit = (order: Order): boolean => order.status === 'shipped' || order.status === 'processing';

export function itemsOf(order: Order): string {
  return order.items.map((item) => (item.quantity > 1 ? `${item.quantity} × ${item.name}` : item.name)).join(', ');
}
