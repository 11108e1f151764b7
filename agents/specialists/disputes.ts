/**
 * Disputes and fraud: opening a dispute, an unrecognised charge, a stolen card.
 * Fraud and stolen cards always end with a person (the policy node escalates on
 * `escalate`); the specialist first does what protects the customer at once.
 */
import { chooseOrder, refusal } from './common.ts';
import type { Specialist, SpecialistContext, SpecialistResult } from './types.ts';

async function dispute(context: SpecialistContext): Promise<SpecialistResult> {
  const chosen = await chooseOrder(context, (order) => order.status === 'delivered' || order.status === 'shipped');
  if (!chosen.ok) return chosen.result;
  const orderId = chosen.order.id;
  const opened = await context.toolbox.openDispute(orderId, context.text.slice(0, 500), context.slots.amount);
  if (!opened.ok) return refusal(opened, orderId);
  const { dispute: record } = opened;
  return {
    outcome: 'resolved',
    answers: [{ key: 'disputes.opened', values: { disputeId: record.id, orderId, amount: context.format.money(record.amount), merchant: opened.order.merchantName } }],
    disputeAmount: record.amount,
    orderId,
  };
}

async function unrecognisedCharge(context: SpecialistContext): Promise<SpecialistResult> {
  const listed = await context.toolbox.listOrders(3);
  if (!listed.ok) return { ...refusal(listed), escalate: 'fraud_suspected' };
  const answers: SpecialistResult['answers'] = listed.orders.length
    ? [{ key: 'disputes.recent_charges', values: { list: listed.orders.map((order) => context.format.orderLine(order)).join('\n') } }]
    : [];
  return { outcome: 'resolved', answers, escalate: 'fraud_suspected' };
}

async function stolenCard(context: SpecialistContext): Promise<SpecialistResult> {
  // A stolen card is frozen at once; if the digits named are not the person's own, every card is (the safe side).
  const named = await context.toolbox.freezeCard(context.slots.cardLast4);
  const frozen = !named.ok && named.reason === 'not_found' ? await context.toolbox.freezeCard() : named;
  if (!frozen.ok) return { ...refusal(frozen), escalate: 'stolen_card' };
  const last4 = frozen.cards.map((card) => card.last4);
  return {
    outcome: 'resolved',
    answers: last4.length ? [{ key: 'disputes.card_frozen', values: { count: last4.length, cards: last4.join(', ') } }] : [],
    escalate: 'stolen_card',
  };
}

export const disputesSpecialist: Specialist = (context) => {
  switch (context.intent) {
    case 'stolen_card':
      return stolenCard(context);
    case 'unrecognised_charge':
      return unrecognisedCharge(context);
    default:
      return dispute(context);
  }
};
