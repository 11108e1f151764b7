import type { ChannelId, ReplyDraft, Role, VerifiedClaims } from './messages.ts';

/** The verified person behind a turn. Tools act on this identity only, never on ids the model names. */
export interface TurnCustomer {
  id: string;
  role: Role;
  channel: ChannelId;
  /** The sender's address on the channel (E.164 number, Slack user id, web user id...). */
  address: string;
  tenantId?: string;
  displayName?: string;
  /** Further addresses the channel verified (a signed-in web visitor's phone number or e-mail). */
  claims?: VerifiedClaims;
  /** An anonymous visitor: every account tool asks them to sign in. */
  guest?: boolean;
}

/** One person's message, ready for the conversation graph. */
export interface TurnInput {
  threadId: string;
  /** The inbox id of the message: a turn replayed after a crash is recognised by it. */
  messageId: string;
  text: string;
  /** A button or card payload the person chose, if any. */
  action?: string;
  customer: TurnCustomer;
  /** The language identity resolved for this turn (BCP 47 primary tag, e.g. `en`, `sv`). */
  language: string;
  /** Whether the person chose the language themselves (then detection must not override it). */
  languageChosen: boolean;
  /** True when nothing in the message or the thread told the language: the market's default stood in. */
  languageGuessed?: boolean;
  /** True when the message only asked to change the language (e.g. `/lang sv`): confirm it. */
  languageRequest?: boolean;
  /** ISO 3166 country of the person's market. */
  market: string;
  /** The channel's locale for the person, if it reports one. */
  locale?: string;
  receivedAt: Date;
}

/** What the graph decided on a turn, kept with the reply (web `meta`, logs, traces, console). */
export interface TurnMeta {
  route: string;
  intent: string;
  confidence: number;
  escalated: boolean;
  escalationReason?: string;
  tools: string[];
  [key: string]: unknown;
}

export interface TurnResult {
  replies: ReplyDraft[];
  /** The language the conversation continues in. */
  language: string;
  languageChosen: boolean;
  /** The market the turn was answered in: the verified customer's own record, when the assistant found one. */
  market?: string;
  /** The verified customer's name in their own record, when the assistant found one (shown to agents on a ticket). */
  customerName?: string;
  meta: TurnMeta;
}

/** The conversation graph as the gateway sees it. `agents/` implements it; the gateway knows no node. */
export interface Assistant {
  respond(input: TurnInput): Promise<TurnResult>;
  /** The market of a verified customer's own record (ISO 3166), when the assistant's backend knows it. */
  marketOf?(customer: TurnCustomer): Promise<string | undefined>;
  close?(): Promise<void>;
}
