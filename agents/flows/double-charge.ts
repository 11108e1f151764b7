/**
 * "I was charged twice": which order, the charges taken for it, and the offer
 * of a dispute for one charge (not the whole order), asked as Yes/No like any
 * action. A yes opens it through the dispute specialist.
 */
import { proposeDispute } from '../specialists/disputes.ts';
import { chooseOrder, itemsOf, refusal } from '../specialists/common.ts';
import { hasSignal } from '../signals.ts';
import { chargeLine } from './charges.ts';
import type { Flow } from './types.ts';

export const doubleChargeFlow: Flow = {
  intent: 'double_charge',
  recognise: (text, language) => hasSignal('double_charge', text, language),
  async run(context) {
    const chosen = await chooseOrder(context, (order) => order.status !== 'cancelled');
    if (!chosen.ok) return chosen.result;
    const { order } = chosen;
    const listed = await context.toolbox.listCharges();
    if (!listed.ok) return refusal(listed);
    const charged = listed.charges.filter((charge) => charge.order.id === order.id && charge.status === 'charged');
    const values = { orderId: order.id, items: itemsOf(order), merchant: order.merchantName };
    const latest = charged[0];
    if (!latest) return { outcome: 'resolved', answers: [{ key: 'double_charge.nothing_charged', values }], orderId: order.id };
    const shown = { key: 'double_charge.charges', values: { ...values, count: charged.length, list: charged.map((charge) => chargeLine(context, charge)).join('\n') } };
    return proposeDispute(context, order, latest.amount, context.carried?.text ?? context.text, [shown]);
  },
};
