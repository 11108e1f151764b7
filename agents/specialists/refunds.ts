/** Refunds and returns: where a refund is, and registering a return. */
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

async function reportReturn(context: SpecialistContext): Promise<SpecialistResult> {
  const chosen = await chooseOrder(context, (order) => order.status === 'delivered');
  if (!chosen.ok) return chosen.result;
  const orderId = chosen.order.id;
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
