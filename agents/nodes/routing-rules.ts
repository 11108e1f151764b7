/**
 * Rules the router node applies on top of a model's prediction, where the
 * conversation knows more than one message does: a follow-up continues the
 * topic of the turn before, and an unsure guess whose runner-up is "out of
 * scope" gets the polite out-of-scope answer instead of an action.
 */
import { isOnlyAnOrderNumber } from '../awaited/types.ts';
import { INTENT_ROUTES, isIntent, type Intent } from '../intents.ts';
import type { IntentPrediction } from '../models/types.ts';
import { hasSignal, startsWithSignal, wordCount } from '../signals.ts';

/** Below this confidence a guess is weak enough for the rules below to overrule it. */
export const WEAK_PREDICTION = 0.6;
/** How close (as a share of the top score) the runner-up must come to be taken instead. */
const RUNNER_UP_SHARE = 0.5;
/** How many alternatives a follow-up's previous topic may sit among. */
const FOLLOW_UP_RANKS = 3;

/** A short message opening with "and" ("e quanto manca in totale?") goes on with the topic before it... */
const MAX_AND_FOLLOW_UP_WORDS = 6;
/** ...when the model gives that topic at least this much, and read the message as no specialist's topic. */
const AND_FOLLOW_UP_SCORE = 0.15;

/**
 * The previous turn's intent, when this message is most likely its follow-up
 * ("can you push it back even further?"): the model is unsure (below
 * `minConfidence`), and the previous topic is among its next guesses, close
 * to the top; or the message opens with "and" and the model placed it in no
 * specialist's topic, with the previous one among its next guesses. Only a
 * specialist's topic continues: not a greeting or thanks.
 */
export function followUpIntent(
  prediction: IntentPrediction,
  previousIntent: string | undefined,
  minConfidence: number,
  message?: { text: string; language: string },
): { intent: Intent; score: number } | undefined {
  if (!previousIntent || !isIntent(previousIntent) || INTENT_ROUTES[previousIntent] === 'general') return undefined;
  if (prediction.intent === previousIntent) return undefined;
  const alternative = prediction.alternatives.slice(0, FOLLOW_UP_RANKS).find((candidate) => candidate.intent === previousIntent);
  if (!alternative) return undefined;
  const unsure = prediction.confidence < minConfidence && alternative.score >= prediction.confidence * RUNNER_UP_SHARE;
  const goesOn =
    message !== undefined &&
    isIntent(prediction.intent) &&
    INTENT_ROUTES[prediction.intent] === 'general' &&
    alternative.score >= AND_FOLLOW_UP_SCORE &&
    wordCount(message.text) <= MAX_AND_FOLLOW_UP_WORDS &&
    startsWithSignal('conjunctions', message.text, message.language);
  return unsure || goesOn ? { intent: previousIntent, score: alternative.score } : undefined;
}

/**
 * Looking up another person is staff work. For anyone else a reading of `customer_lookup` (a pasted
 * link, "where is order 1042?") gives way to the model's next reading, at that reading's own score.
 */
export function withoutStaffIntents(prediction: IntentPrediction, role: string): IntentPrediction {
  if (role === 'staff' || prediction.intent !== 'customer_lookup') return prediction;
  const [next, ...rest] = prediction.alternatives.filter((alternative) => alternative.intent !== 'customer_lookup');
  if (!next) return { ...prediction, intent: 'out_of_scope', confidence: 0, alternatives: [] };
  return { ...prediction, intent: next.intent, confidence: next.score, alternatives: rest };
}

/** Intents about payments: "and the other one?" continues them for the customer's other orders. */
const PAYMENT_INTENTS: readonly Intent[] = ['payment_schedule', 'pay_now', 'extend_due_date'];

/**
 * Readings the model confuses because the words around them are alike, set right by the words that tell them
 * apart: "kan jag få pengarna tillbaka?" reads like "kan jag få anstånd?" but asks for a refund; "kann ich das in
 * Raten machen?" or "voinko maksaa sen osissa?" reads like more time or paying now but asks how paying in parts
 * works; "jag kan inte betala just nu" reads like paying now but asks for time. The new reading keeps the model's
 * score: it was sure of the subject, and wrong about what of it.
 */
const TOLD_APART: readonly { from: readonly string[]; signal: string; unless?: string; to: Intent }[] = [
  { from: PAYMENT_INTENTS, signal: 'money_back', to: 'refund_status' },
  { from: ['extend_due_date', 'pay_now'], signal: 'instalments', to: 'policy_question' },
  { from: ['pay_now'], signal: 'cannot_pay', to: 'extend_due_date' },
  // "la tv è arrivata rotta" reads like where the parcel is: goods that came broken go back (a return, asked first).
  { from: ['delivery_tracking', 'order_status'], signal: 'damaged', to: 'report_return' },
  // "und wann kommt das Geld?" reads like a parcel on its way: the money that comes is a refund.
  { from: ['delivery_tracking', 'order_status'], signal: 'the_money', to: 'refund_status' },
  // "jag har aldrig fått mitt paket" reads like a charge not recognised: the goods never came, unless it is the money.
  { from: ['unrecognised_charge'], signal: 'still_waiting', unless: 'money_back', to: 'delivery_tracking' },
];

function toldApartRule(intent: string, text: string, language: string) {
  return TOLD_APART.find(({ from, signal, unless }) => from.includes(intent) && hasSignal(signal, text, language) && !(unless && hasSignal(unless, text, language)));
}

/** The intent a reading taken by another rule (an item named, "hörlurarna kom trasiga") is told apart into by the message's words. */
export function toldApartIntent(intent: string, text: string, language: string): string {
  return toldApartRule(intent, text, language)?.to ?? intent;
}

export function toldApartByWords(prediction: IntentPrediction, text: string, language: string): IntentPrediction {
  const rule = toldApartRule(prediction.intent, text, language);
  if (!rule) return prediction;
  const runnerUp = { intent: prediction.intent, score: prediction.alternatives.find((a) => a.intent === rule.to)?.score ?? 0 };
  return { ...prediction, intent: rule.to, alternatives: [runnerUp, ...prediction.alternatives.filter((a) => a.intent !== rule.to)] };
}

/** Intents about one order, which a message can name by an item ("where are my headphones?"). */
const ORDER_INTENTS: readonly Intent[] = ['delivery_tracking', 'order_status', 'refund_status', 'report_return', 'dispute_purchase'];

/** Order intents about the goods themselves, not the money paid for them. */
const GOODS_INTENTS: readonly Intent[] = ['delivery_tracking', 'order_status', 'report_return'];

/** The previous turn's intent when it is one of `topics`. */
function topicAmong(previousIntent: string | undefined, topics: readonly Intent[]): Intent | undefined {
  return previousIntent && isIntent(previousIntent) && topics.includes(previousIntent) ? previousIntent : undefined;
}

/** Topics a customer may say they are still waiting on: a parcel, an order, a refund. */
const AWAITED_TOPICS: readonly Intent[] = ['delivery_tracking', 'order_status', 'refund_status'];

/**
 * Words that, right after an answer on one of `after`, continue the conversation there: "schon seit 2 Wochen nix
 * passiert", "den har vært borte i to uker nå", "det står levererad men jag har inte fått dem" go on with the same
 * topic; "how much is it?" after a payment answer asks for the amounts.
 */
const FOLLOW_UP_WORDS: readonly { after: readonly Intent[]; signal: string; to?: Intent }[] = [
  { after: AWAITED_TOPICS, signal: 'still_waiting' },
  { after: PAYMENT_INTENTS, signal: 'how_much', to: 'payment_schedule' },
];
/** Longer than this, such a message says more than that. */
const MAX_FOLLOW_UP_WORDS = 10;
/** From this confidence the model's reading of another specialist's topic stands, follow-up words or not. */
const SURE_OF_OTHER_TOPIC = 0.8;

/** The topic a short message continues by its words (`FOLLOW_UP_WORDS`), unless the model reads a sure request of another specialist in it. */
export function followUpByWords(prediction: IntentPrediction, previousIntent: string | undefined, text: string, language: string): { intent: Intent; score: number } | undefined {
  if (wordCount(text) > MAX_FOLLOW_UP_WORDS) return undefined;
  for (const { after, signal, to } of FOLLOW_UP_WORDS) {
    const topic = topicAmong(previousIntent, after);
    if (!topic || !hasSignal(signal, text, language)) continue;
    const { intent, confidence } = prediction;
    const otherTopic = isIntent(intent) && INTENT_ROUTES[intent] !== 'general' && confidence >= (after.includes(intent) ? WEAK_PREDICTION : SURE_OF_OTHER_TOPIC);
    return otherTopic ? undefined : { intent: to ?? topic, score: WEAK_PREDICTION };
  }
  return undefined;
}

/** Up to this many words, a message naming an item right after an answer about an order is its follow-up ("and the headphones?"). */
const MAX_ITEM_FOLLOW_UP_WORDS = 5;

/**
 * The order intent a weak guess stands for, when the message names an item of
 * one of the customer's own orders: after an answer about an order, a short
 * message continues that topic ("entä kuulokkeet?"); otherwise the order
 * intent among the guess's first few candidates ("wo sind meine Kopfhörer?").
 * However sure the model is, it does not know the customer's items: after an
 * order answer a short message it places out of scope ("et la télé?") continues
 * it, a short "and the ...?" it reads as a thanks or greeting ("entä takki?")
 * is about an order, and so is "a question about my sneakers".
 */
export function orderIntentAmong(prediction: IntentPrediction, previousIntent: string | undefined, message: { text: string; language: string }): Intent | undefined {
  const orderTopic = topicAmong(previousIntent, ORDER_INTENTS);
  const short = wordCount(message.text) <= MAX_ITEM_FOLLOW_UP_WORDS;
  if (orderTopic && short && prediction.intent === 'out_of_scope') return orderTopic;
  if (short && SAYS_NOTHING_MORE.includes(prediction.intent) && startsWithSignal('conjunctions', message.text, message.language)) return orderTopic ?? 'order_status';
  // "ik heb een vraag over mijn sneakers" reads like asking for a person, or like nothing the assistant does: it is about that order.
  if (['human_agent', ...SAYS_NOTHING_MORE].includes(prediction.intent) && hasSignal('question_about', message.text, message.language)) return 'order_status';
  if (prediction.confidence >= WEAK_PREDICTION) return undefined;
  if (orderTopic && short) return orderTopic;
  const candidates = [prediction.intent, ...prediction.alternatives.slice(0, FOLLOW_UP_RANKS).map((candidate) => candidate.intent)].filter((intent): intent is Intent =>
    ORDER_INTENTS.includes(intent as Intent),
  );
  // "kiedy dostanę moje buty?": a refund is money; a message naming the goods without a word of money is about the goods.
  const aboutMoney = hasSignal('the_money', message.text, message.language) || hasSignal('money_back', message.text, message.language);
  return (aboutMoney ? undefined : candidates.find((intent) => GOODS_INTENTS.includes(intent))) ?? candidates[0];
}

/**
 * Whether a weak guess should give way to "out of scope": its runner-up is
 * out_of_scope and close behind. Recommending a film must not become a human
 * handoff, a payment link or a menu of payment topics.
 */
export function outOfScopeInstead(prediction: IntentPrediction): { score: number } | undefined {
  if (prediction.intent === 'out_of_scope' || prediction.confidence >= WEAK_PREDICTION) return undefined;
  const runnerUp = prediction.alternatives[0];
  if (runnerUp?.intent !== 'out_of_scope' || runnerUp.score < prediction.confidence * RUNNER_UP_SHARE) return undefined;
  return { score: runnerUp.score };
}

/** Intents a message opens with before it says what it is about ("hi, ..."). */
const OPENING_INTENTS: readonly string[] = ['greeting', 'thanks'];

/**
 * What follows an opening clause ("dzień dobry, mam zaległą płatność?" → "mam zaległą płatność?"), when the
 * model read the message as a greeting or thanks and more follows it; the model reads that rest on its own.
 */
export function afterOpening(prediction: IntentPrediction, text: string): string | undefined {
  if (!OPENING_INTENTS.includes(prediction.intent)) return undefined;
  return openingClause(text)?.rest;
}

/** A message's first short clause and what follows it ("moi! mun pitäis maksaa..." → "moi", "mun pitäis maksaa..."). */
export function openingClause(text: string): { opening: string; rest: string } | undefined {
  const [, opening, rest] = /^([^,.!;:?\n]{1,40})[,.!;:\n]+\s*(.+)$/su.exec(text.trim()) ?? [];
  return opening && rest && wordCount(rest) >= 2 ? { opening, rest } : undefined;
}

/** Whether a reading says nothing but an opening ("hi", "thanks"). */
export function isOpening(prediction: IntentPrediction): boolean {
  return OPENING_INTENTS.includes(prediction.intent);
}

/** Intents the rest of a message may have without saying more than its opening ("thanks, that's all"). */
export const SAYS_NOTHING_MORE: readonly string[] = [...OPENING_INTENTS, 'out_of_scope', 'affirm', 'deny'];

/** From this confidence the rest of a message is taken at its word even when it is not asked as a question. */
const SURE_OF_REST = 0.8;
/** Shorter questions after a greeting are small talk ("come state?"), not a request. */
const MIN_QUESTION_WORDS = 3;

/**
 * Whether the rest of a message asks for something its opening did not: the model is sure of it, or fairly
 * sure and it is a question of a few words. "Hi, I have a question" or "hello, I need help" says nothing yet.
 */
export function saysMore(prediction: IntentPrediction, rest: string, minConfidence: number): boolean {
  if (SAYS_NOTHING_MORE.includes(prediction.intent)) return false;
  if (prediction.confidence >= SURE_OF_REST) return true;
  return prediction.confidence >= minConfidence && /\?\s*$/u.test(rest) && wordCount(rest) >= MIN_QUESTION_WORDS;
}

/** Longer than this, "the other one" is part of a new question. */
const MAX_OTHER_ONE_WORDS = 6;

/**
 * A short follow-up about orders that only the conversation explains: a bare
 * order number ("1042") continues the order topic of the turn before (or asks
 * about that order's status), and "and the other one?" continues it for the
 * customer's other orders, never the one just discussed; after a payments
 * answer it asks about the other orders' payments.
 */
export function orderFollowUp(text: string, language: string, previousIntent: string | undefined, remembered: string | undefined): { intent: Intent; excludedOrderId?: string } | undefined {
  const orderTopic = topicAmong(previousIntent, ORDER_INTENTS);
  if (isOnlyAnOrderNumber(text)) return { intent: orderTopic ?? 'order_status' };
  const continued = orderTopic ?? topicAmong(previousIntent, PAYMENT_INTENTS);
  if (continued && remembered && wordCount(text) <= MAX_OTHER_ONE_WORDS && hasSignal('another_order', text, language)) return { intent: continued, excludedOrderId: remembered };
  return undefined;
}
