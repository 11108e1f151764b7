/**
 * The answer to "which order is it about?": a chosen button, the order number
 * alone ("1043", "#1043"), or an item of exactly one of the offered orders
 * ("the jacket"). The request that asked then goes on with that order. A bare
 * yes asks again which one; a message that says more is a new message.
 */
import { ordersNamedByItem } from '../item-words.ts';
import { yesOrNo } from '../confirmation.ts';
import { isAnyIntent, routeOf } from '../intents.ts';
import { wordCount } from '../signals.ts';
import { awaitedAnswer, isOnlyAnOrderNumber } from './types.ts';

/** An item named in a short reply ("the black jacket please"); longer, it is a new question. */
const MAX_ITEM_REPLY_WORDS = 6;

export const orderChoiceAnswer = awaitedAnswer({
  kind: 'order',
  async read({ intent, offered, carried }, message) {
    if (!isAnyIntent(intent)) return { kind: 'new_message' };
    const goOn = (orderId: string) => ({ kind: 'continue' as const, intent, orderId, ...(carried ? { carried } : {}) });
    const chosen = /^order:(\d{1,12})$/.exec(message.action ?? '')?.[1];
    if (chosen) return goOn(chosen);
    const typed = message.slots.orderId ?? message.slots.numbers?.[0];
    if (typed && isOnlyAnOrderNumber(message.text)) return goOn(typed);
    // "Yes please" to "which order?" chose none of them: ask again, with the same orders as buttons.
    if (!message.action && yesOrNo(message.text, message.language) === 'yes') {
      const choices = offered.slice(0, 5).map((orderId) => ({ label: `#${orderId}`, value: `order:${orderId}` }));
      const result = { outcome: 'resolved' as const, answers: [{ key: 'common.pick_an_order' }], choices, awaiting: { kind: 'order' as const, intent, offered, ...(carried ? { carried } : {}) } };
      return { kind: 'answered', intent, route: routeOf(intent), result };
    }
    if (wordCount(message.text) <= MAX_ITEM_REPLY_WORDS) {
      const listed = await message.toolbox.listOrders(20);
      const candidates = listed.ok ? listed.orders.filter((order) => offered.includes(order.id)) : [];
      const named = ordersNamedByItem(message.text, candidates);
      if (named.length === 1) return goOn(named[0]!.id);
    }
    return { kind: 'new_message' };
  },
});
