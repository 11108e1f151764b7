/** Payments: the instalment schedule, paying now, and moving a due date. */
import type { Instalment } from '../commerce/types.ts';
import { refusal } from './common.ts';
import type { Specialist, SpecialistContext, SpecialistResult } from './types.ts';

function sum(instalments: Instalment[]) {
  const first = instalments[0]!;
  return { amount: instalments.reduce((total, instalment) => total + instalment.amount.amount, 0), currency: first.amount.currency };
}

function instalmentValues(context: SpecialistContext, instalment: Instalment) {
  return {
    amount: context.format.money(instalment.amount),
    date: context.format.date(instalment.dueDate),
    orderId: instalment.orderId,
    sequence: instalment.sequence,
    total: instalment.count,
  };
}

async function schedule(context: SpecialistContext): Promise<SpecialistResult> {
  const found = await context.toolbox.getPaymentSchedule();
  if (!found.ok) return refusal(found);
  const { overdue, upcoming } = found;
  // An order remembered from earlier narrows the answer only if it has payments left; the answer names its order.
  const forOrder = context.slots.orderId ? upcoming.filter((instalment) => instalment.orderId === context.slots.orderId) : [];
  const relevant = forOrder.length > 0 ? forOrder : upcoming;
  const answers: SpecialistResult['answers'] = [];
  for (const instalment of overdue) answers.push({ key: 'payments.overdue', values: instalmentValues(context, instalment) });
  const next = relevant[0];
  if (next) {
    answers.push({ key: 'payments.next_due', values: instalmentValues(context, next) });
    const later = relevant.slice(1);
    if (later.length) answers.push({ key: 'payments.remaining', values: { count: later.length, amount: context.format.money(sum(later)) } });
  } else if (overdue.length === 0) {
    answers.push({ key: 'payments.nothing_due' });
  }
  return { outcome: 'resolved', answers, orderId: next?.orderId ?? overdue[0]?.orderId };
}

async function payNow(context: SpecialistContext): Promise<SpecialistResult> {
  const found = await context.toolbox.getPaymentSchedule();
  if (!found.ok) return refusal(found);
  const candidates = [...found.overdue, ...found.upcoming].filter((instalment) => !context.slots.orderId || instalment.orderId === context.slots.orderId);
  const target = candidates[0];
  if (!target) return { outcome: 'resolved', answers: [{ key: 'payments.nothing_due' }] };
  const link = await context.toolbox.createPaymentLink(target);
  if (!link.ok) return refusal(link);
  return { outcome: 'resolved', answers: [{ key: 'payments.pay_link', values: { ...instalmentValues(context, target), url: link.url } }], orderId: target.orderId };
}

async function extend(context: SpecialistContext): Promise<SpecialistResult> {
  const found = await context.toolbox.getPaymentSchedule();
  if (!found.ok) return refusal(found);
  if (found.overdue.length) {
    return { outcome: 'resolved', answers: found.overdue.map((instalment) => ({ key: 'payments.overdue_cannot_extend', values: instalmentValues(context, instalment) })) };
  }
  const target = found.upcoming.find((instalment) => !context.slots.orderId || instalment.orderId === context.slots.orderId);
  if (!target) return { outcome: 'resolved', answers: [{ key: 'payments.nothing_due' }] };
  const extended = await context.toolbox.extendDueDate(target);
  if (!extended.ok) {
    if (extended.reason !== 'not_allowed') return refusal(extended);
    return { outcome: 'resolved', answers: [{ key: 'payments.already_extended', values: instalmentValues(context, target) }], orderId: target.orderId };
  }
  return { outcome: 'resolved', answers: [{ key: 'payments.extended', values: instalmentValues(context, extended.instalment) }], orderId: target.orderId };
}

export const paymentsSpecialist: Specialist = async (context) => {
  switch (context.intent) {
    case 'pay_now':
      return payNow(context);
    case 'extend_due_date':
      return extend(context);
    default:
      return schedule(context);
  }
};
