/**
 * Control messages: carrier keywords (STOP, START, HELP and their equivalents
 * in every language, recognised by the channel) and pictures without words.
 * They are answered here with a fixed text, before the human handoff and the
 * assistant, so they never reach a model and change nothing in the
 * conversation: a pending "shall I...?", the failure count and an open
 * escalation stay as they were.
 */
import type { TurnMeta } from './assistant.ts';
import type { InboxItem, NewOutbound, Store } from '../store/types.ts';
import { translator } from '../i18n/index.ts';
import { normalizeLanguageCode } from '../i18n/languages.ts';
import { marketByCode, marketForPhone } from '../i18n/markets.ts';

/** The `action` a channel gives a control message. */
export const CONTROL_ACTIONS = { opt_out: 'opt_out', opt_in: 'opt_in', help: 'help', media_only: 'media_only' } as const;
export type ControlAction = keyof typeof CONTROL_ACTIONS;

// The fixed texts (`common` namespace); a channel may still put its own in place (Twilio does, per keyword).
const TEXTS: Record<ControlAction, string> = { opt_out: 'twilio.opted_out', opt_in: 'twilio.opted_in', help: 'twilio.help', media_only: 'media_only' };

export function controlActionOf(action: string | undefined): ControlAction | undefined {
  return action !== undefined && Object.hasOwn(CONTROL_ACTIONS, action) ? (action as ControlAction) : undefined;
}

/**
 * The language of a control message's reply: the keyword's ("AYUDA" → es); for a word several
 * languages share ("STOPP"), the customer's own language if it is one of them, else their
 * market's, else the keyword's first; without a keyword language, the customer's, else the market's.
 */
function replyLanguage(message: InboxItem['message'], customerLanguage: string | undefined, marketLanguage: string): string {
  const keyword: string[] = [message.locale, ...(message.localeAlternatives ?? [])]
    .map((code) => normalizeLanguageCode(code))
    .filter((code) => code !== undefined);
  const own = normalizeLanguageCode(customerLanguage);
  if (keyword.length > 1) return [own, marketLanguage].find((code) => code !== undefined && keyword.includes(code)) ?? (keyword[0] as string);
  return keyword[0] ?? own ?? marketLanguage;
}

/**
 * The fixed reply to a control message, in the keyword's language (see `replyLanguage`);
 * `undefined` for any other message.
 */
export async function controlTurn(item: InboxItem, store: Store): Promise<{ replies: NewOutbound[]; meta: TurnMeta } | undefined> {
  const kind = controlActionOf(item.message.action);
  if (!kind) return undefined;
  const { message } = item;
  const customer = await store.customers.get(item.customerId);
  const market = marketByCode(customer?.market) ?? marketForPhone(message.senderAddress);
  const language = replyLanguage(message, customer?.language, market.language);
  const meta: TurnMeta = { route: 'general', intent: `control_${kind}`, confidence: 1, escalated: false, tools: [], decidedBy: 'rule' };
  const text = String(translator(language, 'common')(TEXTS[kind]));
  return {
    meta,
    replies: [{ text, meta, channel: message.channel, recipientAddress: message.senderAddress, replyAddress: message.replyAddress, replyTo: message.providerMessageId, language }],
  };
}
