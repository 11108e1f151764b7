import type { Assistant, TurnCustomer, TurnInput, TurnResult } from './assistant.ts';
import type { Logger } from './channel.ts';
import type { InboundMessage } from './messages.ts';
import type { Customer, InboxItem, NewOutbound, Store } from '../store/types.ts';
import { resolveLanguage, type LanguageDecision } from '../i18n/language.ts';
import { loadLanguageDetector } from '../i18n/detect.ts';
import { languageNotice } from '../i18n/language-texts.ts';
import { translator } from '../i18n/index.ts';
import { defaultMarket, knownMarketForPhone, marketByCode } from '../i18n/markets.ts';
import { timed } from './phases.ts';

/** Checkpoints kept per thread (the latest is all a turn reads; two more help when debugging). */
const CHECKPOINTS_KEPT = 3;

/** A completed turn: the replies to queue and what the graph decided. */
export interface TurnOutcome {
  replies: NewOutbound[];
  result: TurnResult;
}

/**
 * One turn for one accepted message: identity (customer, market, language), the graph,
 * and the replies addressed back to the sender on the channel it came from.
 */
export async function runTurn(item: InboxItem, deps: { store: Store; assistant: Assistant; logger: Logger }): Promise<TurnOutcome> {
  const { message } = item;
  const customer = await deps.store.customers.get(item.customerId);
  if (!customer) throw new Error(`customer ${item.customerId} of inbox message ${item.id} is missing`);
  const turnCustomer: TurnCustomer = {
    id: customer.id,
    role: customer.role,
    channel: message.channel,
    address: message.senderAddress,
    tenantId: customer.tenantId ?? message.tenantId,
    displayName: customer.displayName ?? message.displayName,
    ...(message.claims ? { claims: message.claims } : {}),
    ...(message.guest ? { guest: true } : {}),
  };
  // The market an earlier turn kept; on a first message the verified customer's own record (a web id has no
  // phone prefix to guess from); else the sender's number. Only a market one of those tells is kept: a sender
  // with neither (a web guest, a colleague in Slack) is answered in the default market's formats, but has no
  // market of their own (reports count them under "unknown") until a record or a number says.
  const recorded = customer.market ?? (await deps.assistant.marketOf?.(turnCustomer).catch(() => undefined));
  const known = marketByCode(recorded) ?? knownMarketForPhone(message.senderAddress);
  const market = known ?? defaultMarket();
  if (!customer.market && known) await deps.store.customers.setMarket(customer.id, known.code);

  await loadLanguageDetector();
  const decision = resolveLanguage({
    text: message.text,
    chosen: message.languageChoice ?? (customer.languageChosen ? customer.language : undefined),
    previous: customer.language,
    locale: message.locale,
    marketLanguage: market.language,
    pending: customer.languagePending,
  });
  const notice = languageNotice(decision);
  // A message that only asks for a language ("/lang sv", "på svenska tack") is answered by the gateway.
  if (notice && (decision.isRequest || decision.unsupportedRequested)) {
    const result = languageOnlyTurn(decision, notice);
    await rememberLanguage(deps.store, customer, result, decision);
    return { result, replies: address(message, [asOneReply(result)], result.language) };
  }
  const input: TurnInput = {
    threadId: item.threadId,
    messageId: item.id,
    text: message.text,
    action: message.action,
    customer: turnCustomer,
    language: decision.language,
    languageChosen: decision.chosen,
    languageGuessed: decision.source === 'market' || decision.source === 'fallback',
    languageRequest: decision.isRequest,
    market: market.code,
    locale: message.locale,
    receivedAt: message.receivedAt,
  };
  const answered = await timed('graph: LangGraph and tracing machinery', () => deps.assistant.respond(input));
  // The verified customer's record decides the market (a web id has no phone prefix): kept for the next turn's defaults.
  if (answered.market && answered.market !== market.code && marketByCode(answered.market)) await deps.store.customers.setMarket(customer.id, answered.market);
  // Where the graph wrote its checkpoint (a turn worker), drop the old ones: storage stays bounded per thread.
  await timed('checkpoint prune', () => deps.store.pruneCheckpoints(item.threadId, CHECKPOINTS_KEPT)).catch((error: unknown) =>
    deps.logger.warn({ err: error }, 'checkpoint pruning failed; old checkpoints stay until the next turn'),
  );
  // Written in a language we do not support: offer the ones we do, then answer in the market's.
  const result = notice ? { ...answered, replies: [{ text: notice }, ...answered.replies] } : answered;
  await rememberLanguage(deps.store, customer, result, decision);
  return { result, replies: address(message, [asOneReply(result)], result.language) };
}

function languageOnlyTurn(decision: LanguageDecision, notice: string): TurnResult {
  return {
    replies: [{ text: notice }],
    language: decision.language,
    languageChosen: decision.chosen,
    meta: { route: 'general', intent: 'set_language', confidence: 1, escalated: false, tools: [], decidedBy: 'rule' },
  };
}

/** Exactly one reply per accepted message: several drafts of one turn travel as one message. */
function asOneReply(result: TurnResult): TurnResult['replies'][number] {
  const choices = result.replies.flatMap((draft) => draft.choices ?? []);
  return {
    text: result.replies.map((draft) => draft.text.trim()).filter(Boolean).join('\n\n'),
    ...(choices.length ? { choices } : {}),
    meta: { ...result.meta },
  };
}

/** The reply a person gets when their turn failed: never silence, never a provider retry loop. */
export function failureReply(message: InboundMessage, language: string): NewOutbound[] {
  return address(message, [{ text: translator(language)('turn_failed'), meta: { error: true } }], language);
}

function address(message: InboundMessage, drafts: TurnResult['replies'], language: string): NewOutbound[] {
  return drafts.map((draft) => ({
    ...draft,
    channel: message.channel,
    recipientAddress: message.senderAddress,
    replyAddress: message.replyAddress,
    replyTo: message.providerMessageId,
    language,
  }));
}

async function rememberLanguage(store: Store, customer: Customer, result: TurnResult, decision: LanguageDecision): Promise<void> {
  const unchanged =
    customer.language === result.language && customer.languageChosen === result.languageChosen && customer.languagePending === decision.pending;
  if (!unchanged) await store.customers.setLanguage(customer.id, result.language, result.languageChosen, decision.pending);
}
