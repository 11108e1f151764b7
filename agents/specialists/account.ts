/** Account and card: personal details, blocking a card, login help, and staff customer lookups. */
import { askToConfirm } from '../confirmation.ts';
import { hasSignal } from '../signals.ts';
import { refusal } from './common.ts';
import { refusalReasonFor } from '../tools/access.ts';
import type { Specialist, SpecialistContext, SpecialistResult } from './types.ts';

/** "a****@example.se": enough to recognise, not enough to harvest. */
function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}${'*'.repeat(Math.max(3, local.length - 1))}@${domain}`;
}

function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}${'*'.repeat(Math.max(0, phone.length - 5))}${phone.slice(-2)}`;
}

async function personalDetails(context: SpecialistContext): Promise<SpecialistResult> {
  context.toolbox.called.push('get_customer');
  const subject = await context.toolbox.subject();
  if (subject.kind !== 'customer') return refusal({ ok: false, reason: refusalReasonFor(subject) });
  const { customer } = subject;
  return { outcome: 'resolved', answers: [{ key: 'account.details', values: { name: customer.name, email: maskEmail(customer.email), phone: maskPhone(customer.phone) } }] };
}

/**
 * Freezing a card. A lost card is frozen at once (like a stolen one: waiting
 * helps nobody); otherwise the assistant names the card and asks first.
 */
export async function blockCard(context: SpecialistContext): Promise<SpecialistResult> {
  const { confirmed } = context;
  const named = confirmed ? confirmed.cardLast4 : context.slots.cardLast4;
  const listed = await context.toolbox.listCards();
  if (!listed.ok) return { ...refusal(listed), ...(confirmed?.escalateAfter ? { escalate: confirmed.escalateAfter } : {}) };
  const cards = listed.cards.map((card) => card.last4);
  if (named && !cards.includes(named)) {
    return { outcome: 'failed', answers: [{ key: cards.length ? 'account.card_not_found' : 'account.no_card', values: { card: named, cards: cards.join(', ') } }] };
  }
  if (cards.length === 0) return { outcome: 'failed', answers: [{ key: 'account.no_card' }] };
  if (!confirmed && !hasSignal('lost_card', context.text, context.language)) {
    const meant = named ? [named] : cards;
    return askToConfirm({ intent: 'card_block', ...(named ? { cardLast4: named } : {}) }, { key: 'confirm.card_block', values: { count: meant.length, cards: meant.join(', ') } }, context.t);
  }
  const frozen = await context.toolbox.freezeCard(named);
  if (!frozen.ok) return refusal(frozen);
  const last4 = frozen.cards.map((card) => card.last4).join(', ');
  const escalate = confirmed?.escalateAfter ? { escalate: confirmed.escalateAfter } : {};
  return { outcome: 'resolved', answers: [{ key: 'account.card_frozen', values: { count: frozen.cards.length, cards: last4 } }], ...escalate };
}

async function lookup(context: SpecialistContext): Promise<SpecialistResult> {
  const { phone, email, orderId } = context.slots;
  if (!phone && !email && !orderId) return { outcome: 'failed', answers: [{ key: 'account.lookup_needs_key' }] };
  const found = await context.toolbox.lookupCustomer(phone ? { phone } : email ? { email } : { orderId });
  if (!found.ok) {
    if (found.reason === 'not_found') return { outcome: 'failed', answers: [{ key: 'account.lookup_not_found' }] };
    return refusal(found);
  }
  const { customer, orders } = found;
  return {
    outcome: 'resolved',
    answers: [{
      key: 'account.lookup_result',
      values: {
        name: customer.name, customerId: customer.id, market: customer.market, phone: customer.phone, email: customer.email,
        list: orders.map((order) => context.format.orderLine(order)).join('\n') || '-',
      },
    }],
  };
}

export const accountSpecialist: Specialist = async (context) => {
  switch (context.intent) {
    case 'card_block':
      return blockCard(context);
    case 'login_help':
      return { outcome: 'resolved', answers: [{ key: 'account.login_help' }] };
    case 'customer_lookup':
      return lookup(context);
    default:
      return personalDetails(context);
  }
};
