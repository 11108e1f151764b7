/** Charges written out for the customer, shared by the flows about charges. */
import { itemsOf } from '../specialists/common.ts';
import type { SpecialistContext } from '../specialists/types.ts';
import type { Charge } from '../tools/toolbox.ts';

/** "799,00 kr on 3 December 2026: payment 2 of 3 for order 1044 (Wireless headphones) from London Tech Ltd". */
export function chargeLine(context: SpecialistContext, charge: Charge): string {
  const values = {
    amount: context.format.money(charge.amount),
    date: context.format.date(charge.date),
    orderId: charge.order.id,
    items: itemsOf(charge.order),
    merchant: charge.order.merchantName,
    sequence: charge.sequence ?? 1,
    total: charge.count ?? 1,
  };
  const key = charge.sequence === undefined ? 'charges.line' : charge.status === 'scheduled' ? 'charges.line_scheduled' : 'charges.line_plan';
  return `• ${String(context.t(key, values))}`;
}
