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

export type OrderChoice = { ok: true; order: Order } | { ok: false; result: SpecialistResult };

/**
 * The order a question is about: the one named (or remembered), else the only
 * recent order that fits `fits`, else a question with the candidates as choices.
 */
export async function chooseOrder(context: SpecialistContext, fits: (order: Order) => boolean): Promise<OrderChoice> {
  const { slots, toolbox, intent, format } = context;
  if (slots.orderId) {
    const found = await toolbox.getOrder(slots.orderId);
    return found.ok ? { ok: true, order: found.order } : { ok: false, result: refusal(found, slots.orderId) };
  }
  const listed = await toolbox.listOrders(5);
  if (!listed.ok) return { ok: false, result: refusal(listed) };
  const candidates = listed.orders.filter(fits);
  if (candidates.length === 1) return { ok: true, order: candidates[0]! };
  const offered = candidates.length ? candidates : listed.orders;
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
