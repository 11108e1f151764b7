/**
 * "There's a charge I don't recognise": most such charges are the customer's
 * own instalments, so the assistant first looks up the charges that match the
 * amount or merchant named (or the latest ones) and asks whether they
 * recognise it. Only a "no", fraud words, or no matching charge at all hand
 * it to the fraud team; after a "no" the card is frozen if the customer says
 * yes to that.
 */
import type { Money } from '../commerce/types.ts';
import { askToConfirm, confirmationChoices, yesOrNo } from '../confirmation.ts';
import { awaitedAnswer, chosenYesNo } from '../awaited/types.ts';
import { normalizeText } from '../models/offline/normalize.ts';
import { hasSignal } from '../signals.ts';
import { refusal } from '../specialists/common.ts';
import type { SpecialistResult } from '../specialists/types.ts';
import type { Charge } from '../tools/toolbox.ts';
import { chargeLine } from './charges.ts';
import type { Flow } from './types.ts';

/** How many charges are shown when the customer named neither amount nor merchant. */
const RECENT_SHOWN = 3;
/** A payment due within this many days may already show on a statement (reserved); later ones cannot. */
const VISIBLE_AHEAD_DAYS = 7;

function onStatement(charge: Charge, today = new Date()): boolean {
  return charge.status === 'charged' || Date.parse(`${charge.date}T00:00:00Z`) - today.getTime() <= VISIBLE_AHEAD_DAYS * 86_400_000;
}

const sameAmount = (charge: Charge, amount: Money) => Math.abs(charge.amount.amount - amount.amount) < 0.005;

/** Whether the message names the merchant of the charge ("London Tech", "nordic outdoor"). */
function namesMerchant(text: string, charge: Charge): boolean {
  const said = ` ${normalizeText(text)} `;
  return normalizeText(charge.order.merchantName).split(' ').some((word) => word.length >= 4 && !['gmbh', 'ltd'].includes(word) && said.includes(` ${word}`));
}

const toFraudTeam = (answers: SpecialistResult['answers']): SpecialistResult => ({ outcome: 'resolved', answers, escalate: 'fraud_suspected' });

export const unrecognisedChargeFlow: Flow = {
  intent: 'unrecognised_charge',
  async run(context) {
    const listed = await context.toolbox.listCharges();
    if (!listed.ok) return { ...refusal(listed), escalate: 'fraud_suspected' };
    const charges = listed.charges.filter((charge) => onStatement(charge));
    const amount = context.mentioned.amount;
    const merchantNamed = charges.some((charge) => namesMerchant(context.text, charge));
    const matching = charges.filter((charge) => (!amount || sameAmount(charge, amount)) && (!merchantNamed || namesMerchant(context.text, charge)));
    const named = amount !== undefined || merchantNamed;
    const shown = named ? matching : charges.filter((charge) => charge.status === 'charged').slice(0, RECENT_SHOWN);
    const list = shown.map((charge) => chargeLine(context, charge)).join('\n');
    if (hasSignal('fraud', context.text, context.language)) return toFraudTeam(shown.length && named ? [{ key: 'unrecognised.matches', values: { list } }] : []);
    if (shown.length === 0) return toFraudTeam([{ key: named ? 'unrecognised.no_match' : 'unrecognised.no_charges', values: { amount: amount ? context.format.money(amount) : '' } }]);
    return {
      outcome: 'resolved',
      answers: [{ key: named ? 'unrecognised.matches' : 'unrecognised.recent', values: { list } }, { key: 'unrecognised.recognise', values: { count: shown.length } }],
      choices: confirmationChoices(context.t),
      awaiting: { kind: 'recognise', orderIds: [...new Set(shown.map((charge) => charge.order.id))] },
      ...(shown.length === 1 ? { orderId: shown[0]!.order.id } : {}),
    };
  },
  answers: awaitedAnswer({
    kind: 'recognise',
    async read(_awaiting, message) {
      const answer = chosenYesNo(message.action) ?? yesOrNo(message.text, message.language);
      if (answer === 'yes') return { kind: 'answered', intent: 'affirm', route: 'disputes', result: { outcome: 'resolved', answers: [{ key: 'unrecognised.recognised' }] } };
      // "The one for 45 pounds": not a yes or a no, but which charge they mean. Look again, for that amount.
      if (!answer && message.slots.amount) return { kind: 'continue', intent: 'unrecognised_charge' };
      if (answer !== 'no' && !hasSignal('fraud', message.text, message.language)) return { kind: 'new_message' };
      // Not theirs: the fraud team takes it, and the card is frozen first if they say yes.
      const cards = await message.toolbox.listCards();
      const last4 = cards.ok ? cards.cards.filter((card) => card.status === 'active').map((card) => card.last4) : [];
      if (last4.length === 0) return { kind: 'answered', intent: 'unrecognised_charge', route: 'disputes', result: toFraudTeam([]) };
      const question = askToConfirm({ intent: 'card_block', escalateAfter: 'fraud_suspected' }, { key: 'confirm.freeze_for_fraud', values: { count: last4.length, cards: last4.join(', ') } }, message.t);
      return { kind: 'answered', intent: 'unrecognised_charge', route: 'disputes', result: question };
    },
  }),
};
