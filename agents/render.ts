/**
 * Turns what specialists decided into text in the person's language: i18n keys
 * with interpolation, money and dates through Intl for the market.
 */
import type { TFunction } from 'i18next';
import { translator } from '../src/i18n/index.ts';
import type { Order } from './commerce/types.ts';
import { formatDate, formatMoney } from './format.ts';
import { MENU_INTENTS, type Intent } from './intents.ts';
import type { Formatter } from './specialists/types.ts';
import { itemsOf } from './specialists/common.ts';
import type { Answer } from './state.ts';

const translators = new Map<string, TFunction>();

/** The `agent` namespace in one language (cached: one fixed `t` per language). */
export function agentText(language: string): TFunction {
  let t = translators.get(language);
  if (!t) {
    t = translator(language, 'agent');
    translators.set(language, t);
  }
  return t;
}

export function createFormatter(language: string, market: string, t: TFunction): Formatter {
  const formatter: Formatter = {
    money: (value) => formatMoney(value, language, market),
    date: (isoDate) => formatDate(isoDate, language, market),
    orderLine: (order: Order) =>
      String(t('common.order_line', { orderId: order.id, items: itemsOf(order), amount: formatter.money(order.total), status: t(`orders.status.${order.status}`) })),
  };
  return formatter;
}

/** The answers of a turn as one text, paragraph by paragraph. */
export function renderAnswers(answers: Answer[], t: TFunction): string {
  return answers.map((answer) => String(t(answer.key, answer.values ?? {}))).join('\n\n');
}

/** A button that asks for `intent`, labelled as the menu names it (`intents.<intent>`). */
export function intentChoice(intent: string, t: TFunction): { label: string; value: string } {
  return { label: String(t(`intents.${intent}`)), value: `intent:${intent}` };
}

/** Choices for a clarifying question: the likeliest intents a person would pick from a menu, then defaults. */
export function clarifyChoices(candidates: string[], t: TFunction): { label: string; value: string }[] {
  const picked: Intent[] = [];
  for (const intent of [...candidates, 'payment_schedule', 'order_status', 'refund_status', 'human_agent']) {
    if (picked.length === 3) break;
    if ((MENU_INTENTS as readonly string[]).includes(intent) && !picked.includes(intent as Intent)) picked.push(intent as Intent);
  }
  if (!picked.includes('human_agent')) picked.push('human_agent');
  return picked.map((intent) => intentChoice(intent, t));
}
