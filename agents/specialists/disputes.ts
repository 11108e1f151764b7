/**
 * Disputes and stolen cards. A dispute is opened only on a yes to a question
 * that names the order, its items and the amount; a stolen card is frozen at
 * once and ends with a person (the escalation policy escalates on `escalate`).
 * Unrecognised charges, double charges and dispute status are flows of their
 * own (`agents/flows/`).
 */
import { askToConfirm, type ProposedAction } from '../confirmation.ts';
import type { Money, Order } from '../commerce/types.ts';
import { hasSignal } from '../signals.ts';
import { blockCard } from './account.ts';
import { chooseOrder, itemsOf, refusal } from './common.ts';
import type { Specialist, SpecialistContext, SpecialistResult } from './types.ts';

/** The amount named, when it can be part of the order; otherwise the order's total. */
export function disputedAmount(order: Order, named: Money | undefined): Money {
  return named && named.currency === order.total.currency && named.amount > 0 && named.amount <= order.total.amount ? named : order.total;
}

/** "Shall I open a dispute for <amount> on order <id> (<items>) from <merchant>?" */
export function proposeDispute(context: SpecialistContext, order: Order, amount: Money, reason: string, before: SpecialistResult['answers'] = []): SpecialistResult {
  const action: ProposedAction = { intent: 'dispute_purchase', orderId: order.id, amount, reason: reason.slice(0, 500) };
  const values = { orderId: order.id, items: itemsOf(order), amount: context.format.money(amount), merchant: order.merchantName };
  return { ...askToConfirm(action, { key: 'confirm.dispute_purchase', values }, context.t, before), orderId: order.id };
}

async function dispute(context: SpecialistContext): Promise<SpecialistResult> {
  const { confirmed } = context;
  if (confirmed?.orderId) {
    const opened = await context.toolbox.openDispute(confirmed.orderId, confirmed.reason ?? context.text.slice(0, 500), confirmed.amount);
    if (!opened.ok) return refusal(opened, confirmed.orderId);
    const { dispute: record } = opened;
    return {
      outcome: 'resolved',
      answers: [{ key: 'disputes.opened', values: { disputeId: record.id, orderId: record.orderId, amount: context.format.money(record.amount), merchant: opened.order.merchantName } }],
      disputeAmount: record.amount,
      orderId: record.orderId,
    };
  }
  const chosen = await chooseOrder(context, (order) => order.status === 'delivered' || order.status === 'shipped');
  if (!chosen.ok) return chosen.result;
  const named = context.mentioned.amount ?? context.carried?.amount;
  return proposeDispute(context, chosen.order, disputedAmount(chosen.order, named), context.carried?.text ?? context.text);
}

/** From this router confidence, a stolen card is frozen without asking. */
const SURE_OF_THEFT = 0.8;

async function stolenCard(context: SpecialistContext): Promise<SpecialistResult> {
  // A card is frozen unasked only when the router is sure it is stolen, or the message says stolen or lost
  // ("my card got declined", taken for a theft on a guess, is asked about first).
  const saysSo = hasSignal('fraud', context.text, context.language) || hasSignal('lost_card', context.text, context.language);
  if (context.confidence < SURE_OF_THEFT && !saysSo) return blockCard(context);
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

export const disputesSpecialist: Specialist = (context) => (context.intent === 'stolen_card' ? stolenCard(context) : dispute(context));
