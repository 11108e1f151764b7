/**
 * "jag vill returnera jackan och när kommer min nästa faktura": one message, two requests. The
 * turn answers the first; a second, different request in another clause is named under the
 * answer with a button for it, so it is neither dropped nor acted on unasked.
 */
import { routeOf, type Intent } from '../intents.ts';
import type { IntentRouter, IntentRouterContext } from '../models/types.ts';
import { signalLexicon, wordCount } from '../signals.ts';
import { orderIntentAmong } from './routing-rules.ts';

/** A clause shorter than this says too little to be a request of its own ("and thanks"). */
const MIN_CLAUSE_WORDS = 3;
/** How sure the model must be of the clause's request. */
const SURE_OF_CLAUSE = 0.8;
/** Messages split into more clauses than this are not read clause by clause (bounded work per message). */
const MAX_CLAUSES = 4;

const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const splitters = new Map<string, RegExp>();

/** The message cut at sentence ends and at "and"/"also" in its language or English. */
function clauses(text: string, language: string): string[] {
  let splitter = splitters.get(language);
  if (!splitter) {
    const words = signalLexicon('conjunctions', language).map(({ phrase }) => escape(phrase));
    splitter = new RegExp(`[?!.;:\\n]+|(?<![\\p{L}\\p{N}])(?:${words.join('|')})(?![\\p{L}\\p{N}])`, 'iu');
    splitters.set(language, splitter);
  }
  return text
    .split(splitter)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** Requests a button can start (each has a menu label); a stolen card or a person are never offered this way. */
const OFFERABLE: readonly Intent[] = [
  'payment_schedule', 'pay_now', 'extend_due_date', 'refund_status', 'report_return', 'dispute_purchase', 'unrecognised_charge',
  'order_status', 'delivery_tracking', 'personal_details', 'card_block', 'login_help',
];
const offerable = (intent: string): Intent | undefined => ((OFFERABLE as readonly string[]).includes(intent) ? (intent as Intent) : undefined);

/**
 * A request of another area than `intent` that a clause of the message makes: one the model is sure of, or an
 * order question about one of the customer's own orders ("...: var är min jacka och..."), however unsure it is.
 */
export async function secondQuestion(
  text: string,
  intent: string,
  router: IntentRouter,
  context: IntentRouterContext,
  namesOwnOrder: (clause: string) => Promise<boolean>,
): Promise<Intent | undefined> {
  if (!offerable(intent)) return undefined;
  const parts = clauses(text, context.language);
  if (parts.length < 2 || parts.length > MAX_CLAUSES) return undefined;
  for (const part of parts) {
    if (wordCount(part) < MIN_CLAUSE_WORDS) continue;
    const prediction = await router.predict(part, context);
    const sure = prediction.confidence >= SURE_OF_CLAUSE ? offerable(prediction.intent) : undefined;
    const aboutOrder = sure ? undefined : orderIntentAmong(prediction, undefined, { text: part, language: context.language });
    const other = sure ?? (aboutOrder && (await namesOwnOrder(part)) ? aboutOrder : undefined);
    if (other && routeOf(other) !== routeOf(intent)) return other;
  }
  return undefined;
}
