/** Helpers the specialists share: picking the order a question is about, and refusals. */
import type { Order } from '../commerce/types.ts';
import type { ToolRefusal } from '../tools/toolbox.ts';
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
    case 'not_allowed':
      return { outcome: 'failed', answers: [{ key: 'common.not_allowed' }] };
  }
}

/** How many of the person's own orders a bare number is checked against. */
const OWN_ORDERS_CHECKED = 20;
/** How many recent orders "which order?" considers and lists. */
const RECENT_ORDERS_OFFERED = 5;

/**
 * "money back for 4001": a number named without the word "order" is the order
 * only when it is one of the verified person's own (or their store's); staff,
 * who may see anyone's, must say "order".
 */
async function ownOrderAmong(context: SpecialistContext, numbers: string[]): Promise<Order | undefined> {
  const subject = await context.toolbox.subject();
  if (subject.kind !== 'customer' && subject.kind !== 'merchant') return undefined;
  const listed = await context.toolbox.listOrders(OWN_ORDERS_CHECKED);
  return listed.ok ? listed.orders.find((order) => numbers.includes(order.id)) : undefined;
}

export type OrderChoice = { ok: true; order: Order } | { ok: false; result: SpecialistResult };

/**
 * The order a question is about: one of the person's own orders whose number
 * this message names without the word "order", else the one named (or
 * remembered), else the only recent order that fits `fits`, else a question
 * with the candidates as choices.
 */
export async function chooseOrder(context: SpecialistContext, fits: (order: Order) => boolean): Promise<OrderChoice> {
  const { slots, toolbox, intent, format, mentioned } = context;
  // A number this message names beats the order remembered from earlier turns.
  const fresh = !mentioned.orderId && mentioned.numbers?.length ? await ownOrderAmong(context, mentioned.numbers) : undefined;
  if (fresh) return { ok: true, order: fresh };
  if (slots.orderId) {
    const found = await toolbox.getOrder(slots.orderId);
    return found.ok ? { ok: true, order: found.order } : { ok: false, result: refusal(found, slots.orderId) };
  }
  const listed = await toolbox.listOrders(RECENT_ORDERS_OFFERED);
  if (!listed.ok) return { ok: false, result: refusal(listed) };
  const recent = listed.orders;
  const candidates = recent.filter(fits);
  if (candidates.length === 1) return { ok: true, order: candidates[0]! };
  const offered = candidates.length ? candidates : recent;
  if (offered.length === 0) return { ok: false, result: { outcome: 'resolved', answers: [{ key: 'common.no_orders' }] } };
  return {
    ok: false,
    result: {
      outcome: 'resolved',
      answers: [{ key: 'common.which_order', values: { list: offered.map((order) => format.orderLine(order)).join('\n') } }],
      choices: offered.slice(0, 4).map((order) => ({ label: `#${order.id}`, value: `order:${order.id}` })),
      awaiting: { kind: 'order', intent },
    },
  };
}

export function itemsOf(order: Order): string {
  return order.items.map((item) => (item.quantity > 1 ? `${item.quantity} × ${item.name}` : item.name)).join(', ');
}
