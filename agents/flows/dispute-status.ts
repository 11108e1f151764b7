/** "What is the status of my dispute?": the customer's disputes, or that there are none. */
import { hasSignal } from '../signals.ts';
import { refusal } from '../specialists/common.ts';
import type { Flow } from './types.ts';

const DISPUTE_ID = /\bD-\d{3,}\b/i;
/** How many disputes one answer lists. */
const LISTED = 5;

export const disputeStatusFlow: Flow = {
  intent: 'dispute_status',
  recognise: (text, language) => DISPUTE_ID.test(text) || hasSignal('dispute_status', text, language),
  async run(context) {
    const listed = await context.toolbox.listDisputes();
    if (!listed.ok) return refusal(listed);
    if (listed.disputes.length === 0) return { outcome: 'resolved', answers: [{ key: 'dispute_status.none' }] };
    const answers = listed.disputes.slice(0, LISTED).map(({ dispute, order }) => ({
      key: dispute.status === 'open' ? 'dispute_status.open' : 'dispute_status.closed',
      values: { disputeId: dispute.id, orderId: order.id, amount: context.format.money(dispute.amount), merchant: order.merchantName, date: context.format.date(dispute.createdAt) },
    }));
    const only = listed.disputes.length === 1 ? { orderId: listed.disputes[0]!.order.id } : {};
    return { outcome: 'resolved', answers, ...only };
  },
};
