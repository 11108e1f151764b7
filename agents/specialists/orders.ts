/** Orders and delivery: status, tracking, the list of recent orders. */
import { chooseOrder, inTransit, itemsOf, refusal } from './common.ts';
import { proposeDispute } from './disputes.ts';
import type { Order } from '../commerce/types.ts';
import { hasSignal } from '../signals.ts';
import type { Specialist, SpecialistContext, SpecialistResult } from './types.ts';

function describe(context: SpecialistContext, order: Order): SpecialistResult['answers'][number] {
  const values = {
    orderId: order.id,
    items: itemsOf(order),
    merchant: order.merchantName,
    amount: context.format.money(order.total),
    placed: context.format.date(order.placedAt),
    carrier: order.carrier ?? '',
    tracking: order.trackingNumber ?? '',
  };
  switch (order.status) {
    case 'shipped':
      return { key: order.estimatedDelivery ? 'orders.shipped' : 'orders.shipped_no_eta', values: { ...values, date: order.estimatedDelivery ? context.format.date(order.estimatedDelivery) : '' } };
    case 'processing':
      return { key: 'orders.processing', values: { ...values, date: order.estimatedDelivery ? context.format.date(order.estimatedDelivery) : '' } };
    case 'delivered':
      return { key: 'orders.delivered', values: { ...values, date: order.deliveredAt ? context.format.date(order.deliveredAt) : '' } };
    case 'returned':
      return { key: 'orders.returned', values };
    case 'cancelled':
      return { key: 'orders.cancelled', values };
  }
}

/**
 * "It says delivered but I never got it" (not the money: "still no refund"): the delivery on record, and a dispute
 * with the shop offered, asked first.
 */
export function deliveredButMissing(context: SpecialistContext, order: Order): SpecialistResult | undefined {
  const { language } = context;
  // The request as first said ("mein Paket ist nicht da", before "which order?" was answered with "den Fernseher").
  const text = context.carried?.text ?? context.text;
  if (order.status !== 'delivered' || !hasSignal('still_waiting', text, language) || hasSignal('money_back', text, language)) return undefined;
  return proposeDispute(context, order, order.total, text, [describe(context, order)]);
}

// "my orders" in every language: plural order words, and "list", "all", "recent".
const LIST_WORDS = new RegExp(
  `(?<![\\p{L}])(?:${[
    'orders', 'list', 'all', 'recent', 'beställningar\\p{L}*', 'ordrar\\p{L}*', 'bestellungen', 'bestellingen', 'commandes', 'pedidos', 'ordini',
    'zam[oó]wieniami', 'zam[oó]wie[nń]', 'moje zam[oó]wienia', 'bestillinge(?:ne|r|rne)', 'ordre(?:ne|r|rne)', 'tilaukset', 'tilauksia', 'tilausteni', 'tilaukseni',
  ].join('|')})(?![\\p{L}])`,
  'iu',
);

export const ordersSpecialist: Specialist = async (context) => {
  // "show my orders": the list, unless one order is named.
  if (context.intent === 'order_status' && !context.mentioned.orderId && LIST_WORDS.test(context.text)) {
    const listed = await context.toolbox.listOrders(5);
    if (!listed.ok) return refusal(listed);
    if (listed.orders.length === 0) return { outcome: 'resolved', answers: [{ key: 'common.no_orders' }] };
    // Each order is a button, and a number typed next asks about that order.
    return {
      outcome: 'resolved',
      answers: [{ key: 'orders.list', values: { list: listed.orders.map((order) => context.format.orderLine(order)).join('\n') } }],
      choices: listed.orders.slice(0, 4).map((order) => ({ label: `#${order.id}`, value: `order:${order.id}` })),
      awaiting: { kind: 'order', intent: 'order_status', offered: listed.orders.map((order) => order.id) },
    };
  }
  const chosen = await chooseOrder(context, inTransit);
  if (!chosen.ok) return chosen.result;
  return deliveredButMissing(context, chosen.order) ?? { outcome: 'resolved', answers: [describe(context, chosen.order)], orderId: chosen.order.id };
};
