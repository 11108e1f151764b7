/** Refunds and returns: where a refund is, and registering a return. */
import { askToConfirm } from '../confirmation.ts';
import { chooseOrder, itemsOf, refusal } from './common.ts';
import type { Specialist, SpecialistContext, SpecialistResult } from './types.ts';

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
  if (registered) return { outcome: 'resolved', answers: [{ key: 'refunds.awaiting_return', values: { orderId, merchant: status.order.merchantName } }], orderId };
  return {
    outcome: 'resolved',
    answers: [{ key: 'refunds.none', values: { orderId } }],
    choices: [{ label: context.t('choices.start_return'), value: 'intent:report_return' }],
    orderId,
  };
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
  if (!confirmed) {
    return { ...askToConfirm({ intent: 'report_return', orderId, amount: order.total }, { key: 'confirm.report_return', values }, context.t), orderId };
  }
  const registered = await context.toolbox.registerReturn(orderId);
  if (!registered.ok) {
    if (registered.reason === 'not_allowed') return { outcome: 'resolved', answers: [{ key: 'refunds.not_delivered_yet', values: { orderId } }], orderId };
    return refusal(registered, orderId);
  }
  return {
    outcome: 'resolved',
    answers: [{ key: 'refunds.return_registered', values: { orderId, items: itemsOf(registered.order), merchant: registered.order.merchantName, returnId: registered.record.id } }],
    orderId,
  };
}

export const refundsSpecialist: Specialist = (context) => (context.intent === 'report_return' ? reportReturn(context) : refundStatus(context));
