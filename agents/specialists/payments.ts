/** Payments: the instalment schedule, paying now, and moving a due date (confirmed first). */
import { askToConfirm } from '../confirmation.ts';
import type { Instalment } from '../commerce/types.ts';
import { EXTENSION_DAYS } from '../tools/toolbox.ts';
import { itemsOf, refusal } from './common.ts';
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

/**
 * The order a payment question is about: one this message names, or the one
 * the conversation was about when the message points back at it. Otherwise
 * none: "next payment", "can I pay later", "anything overdue" look at all orders.
 */
function namedOrder(context: SpecialistContext, unpaid: Instalment[]): string | undefined {
  const named = context.mentioned.orderId ?? context.mentioned.numbers?.find((number) => unpaid.some((instalment) => instalment.orderId === number));
  if (named) return named;
  const remembered = context.pointsBack ? context.remembered : undefined;
  // An order with nothing left to pay says nothing about the payments asked about.
  return remembered && unpaid.some((instalment) => instalment.orderId === remembered) ? remembered : undefined;
}

/**
 * The schedule, without the order the conversation just answered about when the customer asks
 * about "the other one"; `none` is what to say when nothing else is left to pay.
 */
async function scheduleFor(context: SpecialistContext) {
  const found = await context.toolbox.getPaymentSchedule();
  if (!found.ok || !context.excluded) return { found, none: 'payments.nothing_due' };
  const other = (instalment: Instalment) => instalment.orderId !== context.excluded;
  return { found: { ...found, overdue: found.overdue.filter(other), upcoming: found.upcoming.filter(other) }, none: 'payments.no_other_payments' };
}

/** The first unpaid instalment of each order, soonest first. */
function nextPerOrder(instalments: Instalment[]): Instalment[] {
  const seen = new Set<string>();
  return instalments.filter((instalment) => !seen.has(instalment.orderId) && seen.add(instalment.orderId));
}

async function schedule(context: SpecialistContext): Promise<SpecialistResult> {
  const { found, none } = await scheduleFor(context);
  if (!found.ok) return refusal(found);
  const named = namedOrder(context, [...found.overdue, ...found.upcoming]);
  const ofNamed = (list: Instalment[]) => (named ? list.filter((instalment) => instalment.orderId === named) : list);
  const overdue = ofNamed(found.overdue);
  const upcoming = ofNamed(found.upcoming);
  const answers: SpecialistResult['answers'] = overdue.map((instalment) => ({ key: 'payments.overdue', values: instalmentValues(context, instalment) }));
  // Several orders with payments left: the next one of each, so none is silently left out.
  const [next, ...others] = nextPerOrder(upcoming);
  if (next) {
    answers.push({ key: 'payments.next_due', values: instalmentValues(context, next) });
    for (const other of others) answers.push({ key: 'payments.also_due', values: instalmentValues(context, other) });
    const listed = new Set([next, ...others]);
    const later = upcoming.filter((instalment) => !listed.has(instalment));
    if (later.length) answers.push({ key: 'payments.remaining', values: { count: later.length, amount: context.format.money(sum(later)) } });
  } else if (overdue.length === 0) {
    answers.push({ key: none });
  }
  // Remembered for a follow-up that points at it ("can I pay it now?"); a general question still looks at every order.
  const first = overdue[0] ?? next;
  return { outcome: 'resolved', answers, ...(first ? { orderId: first.orderId } : {}) };
}

async function payNow(context: SpecialistContext): Promise<SpecialistResult> {
  const { found, none } = await scheduleFor(context);
  if (!found.ok) return refusal(found);
  const unpaid = [...found.overdue, ...found.upcoming];
  const named = namedOrder(context, unpaid);
  // An overdue payment first, else the one due soonest: "the next payment" is one payment, whichever order it is for.
  const target = unpaid.find((instalment) => !named || instalment.orderId === named);
  if (!target) return { outcome: 'resolved', answers: [{ key: none }] };
  const link = await context.toolbox.createPaymentLink(target);
  if (!link.ok) return refusal(link);
  return { outcome: 'resolved', answers: [{ key: 'payments.pay_link', values: { ...instalmentValues(context, target), url: link.url } }], orderId: target.orderId };
}

/** Moving a due date: which payment, then "shall I move it from ... to ...?", and on a yes, the move. */
async function extend(context: SpecialistContext): Promise<SpecialistResult> {
  const { found, none } = await scheduleFor(context);
  if (!found.ok) return refusal(found);
  const { confirmed } = context;
  if (confirmed) {
    const instalment = found.upcoming.find((candidate) => candidate.id === confirmed.instalmentId);
    if (!instalment) return { outcome: 'resolved', answers: [{ key: 'payments.nothing_due' }] };
    const extended = await context.toolbox.extendDueDate(instalment);
    if (!extended.ok) {
      if (extended.reason !== 'not_allowed') return refusal(extended);
      return { outcome: 'resolved', answers: [{ key: 'payments.already_extended', values: instalmentValues(context, instalment) }], orderId: instalment.orderId };
    }
    return { outcome: 'resolved', answers: [{ key: 'payments.extended', values: instalmentValues(context, extended.instalment) }], orderId: instalment.orderId };
  }
  const named = namedOrder(context, [...found.overdue, ...found.upcoming]);
  const overdue = found.overdue.filter((instalment) => !named || instalment.orderId === named);
  if (overdue.length) {
    return { outcome: 'resolved', answers: overdue.map((instalment) => ({ key: 'payments.overdue_cannot_extend', values: instalmentValues(context, instalment) })), orderId: overdue[0]!.orderId };
  }
  const candidates = nextPerOrder(found.upcoming.filter((instalment) => !named || instalment.orderId === named));
  if (candidates.length === 0) return { outcome: 'resolved', answers: [{ key: none }] };
  if (candidates.length > 1) {
    // Two orders with payments to move: which one? Each button continues this request with its order.
    return {
      outcome: 'resolved',
      answers: [{ key: 'payments.which_payment', values: { list: candidates.map((instalment) => String(context.t('payments.payment_line', instalmentValues(context, instalment)))).join('\n') } }],
      choices: candidates.slice(0, 4).map((instalment) => ({ label: `#${instalment.orderId}`, value: `order:${instalment.orderId}` })),
      awaiting: { kind: 'order', intent: 'extend_due_date', offered: candidates.map((instalment) => instalment.orderId) },
    };
  }
  const target = candidates[0]!;
  if (target.extended) return { outcome: 'resolved', answers: [{ key: 'payments.already_extended', values: instalmentValues(context, target) }], orderId: target.orderId };
  const order = await context.toolbox.getOrder(target.orderId);
  const newDate = new Date(Date.parse(`${target.dueDate}T00:00:00Z`) + EXTENSION_DAYS * 86_400_000).toISOString().slice(0, 10);
  return {
    ...askToConfirm(
      { intent: 'extend_due_date', orderId: target.orderId, instalmentId: target.id, amount: target.amount },
      { key: 'confirm.extend_due_date', values: { ...instalmentValues(context, target), items: order.ok ? itemsOf(order.order) : '', newDate: context.format.date(newDate) } },
      context.t,
    ),
    orderId: target.orderId,
  };
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
