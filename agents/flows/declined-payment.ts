/**
 * "My card was declined": not a theft, and nothing to freeze. The assistant
 * looks at what on our side stops a payment (a frozen card, an overdue
 * instalment) and says what it found, offering to pay what is overdue or a
 * person. The message must name a card or a payment as well as its refusal. A message that also says the card is stolen or lost, or that
 * someone else used it, is left to the classifier.
 */
import { intentChoice } from '../render.ts';
import { hasSignal, hasSignalDespiteTypos } from '../signals.ts';
import { refusal } from '../specialists/common.ts';
import type { SpecialistResult } from '../specialists/types.ts';
import type { Flow } from './types.ts';

export const declinedPaymentFlow: Flow = {
  intent: 'declined_payment',
  recognise: (text, language) =>
    // A slip of the thumb ("my crad was declned") must not send a declined card down the stolen-card path.
    hasSignalDespiteTypos('declined_payment', text, language) &&
    // "the log-in code was rejected" is not a payment
    hasSignalDespiteTypos('payment_means', text, language) &&
    !hasSignal('fraud', text, language) &&
    !hasSignal('lost_card', text, language),
  async run(context) {
    const cards = await context.toolbox.listCards();
    if (!cards.ok) return refusal(cards);
    const schedule = await context.toolbox.getPaymentSchedule();
    if (!schedule.ok) return refusal(schedule);
    const answers: SpecialistResult['answers'] = [];
    const frozen = cards.cards.filter((card) => card.status === 'frozen').map((card) => card.last4);
    if (frozen.length) answers.push({ key: 'declined_payment.card_frozen', values: { count: frozen.length, cards: frozen.join(', ') } });
    const overdue = schedule.overdue[0];
    if (overdue) {
      const values = { amount: context.format.money(overdue.amount), orderId: overdue.orderId, date: context.format.date(overdue.dueDate) };
      answers.push({ key: 'declined_payment.overdue', values });
    }
    if (answers.length === 0) {
      const active = cards.cards.map((card) => card.last4);
      answers.push(active.length ? { key: 'declined_payment.nothing_found', values: { count: active.length, cards: active.join(', ') } } : { key: 'declined_payment.nothing_found_no_card' });
    }
    const offered = overdue ? ['pay_now', 'human_agent'] : ['human_agent'];
    return { outcome: 'resolved', answers, choices: offered.map((intent) => intentChoice(intent, context.t)) };
  },
};
