/** Refunds and returns: where a refund is, and registering a return. */
import { askToConfirm } from '../confirmation.ts';
import type { Order } from '../commerce/types.ts';
import { intentChoice } from '../render.ts';
import { returnWindowPassed } from '../tools/toolbox.ts';
import { chooseOrder, inTransit, itemsOf, refusal } from './common.ts';
import { deliveredButMissing } from './orders.ts';
import type { Specialist, SpecialistContext, SpecialistResult } from './types.ts';

/** A return is registered; the refund waits for the store to receive the parcel. */
const awaitingReturn = (orderId: string, merchant: string): SpecialistResult => ({ outcome: 'resolved', answers: [{ key: 'refunds.awaiting_return', values: { orderId, merchant } }], orderId });

async function refundStatus(context: SpecialistContext): Promise<SpecialistResult> {
  const chosen = await chooseOrder(context, (order) => order.status === 'returned');
  if (!chosen.ok) return chosen.result;
  const orderId = chosen.order.id;
  const status = await context.toolbox.getRefundStatus(orderId);
  if (!status.ok) return refusal(status, orderId);
  const refund = status.refunds[status.refunds.length - 1];
  if (refund) {
    const values = { orderId, amount: context.format.money(refund.amount), merchant: status.order.merchantName };
    if (refund.status === 'refunded' && refund.refundedAt) return { outcome: 'resolved', answers: [{ key: 'refunds.refunded', values: { ...values, date: context.format.date(refund.refundedAt) } }], orderId };
    const key = refund.status === 'processing' ? 'refunds.processing' : 'refunds.pending';
    return { outcome: 'resolved', answers: [{ key, values: { ...values, date: refund.expectedBy ? context.format.date(refund.expectedBy) : '' } }], orderId };
  }
  const registered = status.returns[0];
  if (registered) return awaitingReturn(orderId, status.order.merchantName);
  // A return is offered only where one could be registered: a delivered order, inside the store's window.
  if (inTransit(status.order)) {
    return { outcome: 'resolved', answers: [{ key: 'refunds.none_undelivered', values: { orderId } }], orderId };
  }
  const missing = deliveredButMissing(context, status.order);
  if (missing) return missing;
  if (returnWindowPassed(status.order)) return windowPassed(context, status.order);
  return {
    outcome: 'resolved',
    answers: [{ key: 'refunds.none', values: { orderId } }],
    choices: [{ label: context.t('choices.start_return'), value: 'intent:report_return' }],
    // "Would you like to return it?": a typed yes starts the return, which still asks before it registers anything.
    awaiting: { kind: 'offer_action', intent: 'report_return', orderId },
    orderId,
  };
}

/** Past the store's return window: the dates, and a person who can ask the store for an exception. */
function windowPassed(context: SpecialistContext, order: Order): SpecialistResult {
  const values = { orderId: order.id, merchant: order.merchantName, delivered: order.deliveredAt ? context.format.date(order.deliveredAt) : '', until: context.format.date(order.returnableUntil!) };
  return { outcome: 'resolved', answers: [{ key: 'refunds.window_passed', values }], choices: [intentChoice('human_agent', context.t)], orderId: order.id };
}

/** Registering a return: which order, then "shall I register a return of ...?", and on a yes, the return. */
async function reportReturn(context: SpecialistContext): Promise<SpecialistResult> {
  const { confirmed } = context;
  const chosen = confirmed?.orderId ? await chooseOrder({ ...context, mentioned: { orderId: confirmed.orderId } }, () => true) : await chooseOrder(context, (order) => order.status === 'delivered');
  if (!chosen.ok) return chosen.result;
  const { order } = chosen;
  const orderId = order.id;
  const values = { orderId, items: itemsOf(order), amount: context.format.money(order.total), merchant: order.merchantName };
  if (order.status === 'returned') return { outcome: 'resolved', answers: [{ key: 'orders.returned', values }], orderId };
  if (order.status !== 'delivered') return { outcome: 'resolved', answers: [{ key: 'refunds.not_delivered_yet', values: { orderId } }], orderId };
  // Registered already: say so instead of registering it twice.
  const status = await context.toolbox.getRefundStatus(orderId);
  if (status.ok && status.returns[0]) return awaitingReturn(orderId, order.merchantName);
  if (returnWindowPassed(order)) return windowPassed(context, order);
  if (!confirmed) {
    return { ...askToConfirm({ intent: 'report_return', orderId, amount: order.total }, { key: 'confirm.report_return', values }, context.t), orderId };
  }
  const registered = await context.toolbox.registerReturn(orderId);
  if (!registered.ok) {
    if (registered.reason === 'not_allowed') return { outcome: 'resolved', answers: [{ key: 'refunds.not_delivered_yet', values: { orderId } }], orderId };
    if (registered.reason === 'too_late') return windowPassed(context, order);
    return refusal(registered, orderId);
  }
  return {
    outcome: 'resolved',
    answers: [{ key: 'refunds.return_registered', values: { orderId, items: itemsOf(registered.order), merchant: registered.order.merchantName, returnId: registered.record.id } }],
    orderId,
  };
}

export const refundsSpecialist: Specialist = (context) => (context.intent === 'report_return' ? reportReturn(context) : refundStatus(context));
