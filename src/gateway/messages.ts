/**
 * The normalized message model. Every channel turns its provider's payload into
 * an {@link InboundMessage}; every answer leaves as an {@link OutboundMessage}.
 * Nothing here knows a provider's wire format.
 */

export const CHANNEL_IDS = ['sms', 'whatsapp', 'slack', 'teams', 'web', 'cli'] as const;
export type ChannelId = (typeof CHANNEL_IDS)[number];

/** Who the verified channel identity says the sender is. */
export type Role = 'customer' | 'merchant' | 'staff';

/**
 * Addresses of the sender that the channel verified besides `senderAddress`: a signed-in web
 * visitor's phone number or e-mail, vouched for by the embedding site's signature.
 */
export interface VerifiedClaims {
  /** E.164. */
  phone?: string;
  /** Lower case. */
  email?: string;
}

export interface Attachment {
  url: string;
  contentType: string;
}

/** A message as the gateway accepts it, before identity and threads. */
export interface InboundMessage {
  channel: ChannelId;
  /** The provider's own id (Twilio MessageSid, Slack event_id, activity id): the dedupe key. */
  providerMessageId: string;
  /** The sender's address on that channel: E.164 number, Slack user id, AAD object id, web user id. */
  senderAddress: string;
  /**
   * Where a reply goes back to on that channel, when it differs from the sender
   * (a Slack channel + thread, a Teams conversation reference). Opaque to the core.
   */
  replyAddress?: string;
  text: string;
  attachments?: Attachment[];
  /** The locale the channel reports for the person (Teams activity.locale, Slack user locale). */
  locale?: string;
  /**
   * Other languages the message may equally be in, when `locale` comes from a word several
   * languages share (the SMS keyword "STOPP": German, Swedish, Norwegian). The core answers in
   * the customer's own language if it is one of them, else their market's, else `locale`.
   */
  localeAlternatives?: string[];
  /** A language the person explicitly picked on the channel (chat `--lang`, a page's selector). */
  languageChoice?: string;
  /** Channel-scoped conversation key (a Slack thread); defaults to the person's own thread. */
  conversationKey?: string;
  role?: Role;
  /** Tenant, team or workspace the sender belongs to (Teams tenant for merchants). */
  tenantId?: string;
  displayName?: string;
  /** A button or card action the person chose, as a stable payload. */
  action?: string;
  /** What else the channel verified about the sender (web identity claims). */
  claims?: VerifiedClaims;
  /** The sender proved no identity (an anonymous web visitor): they reach no account, whatever their address. */
  guest?: boolean;
  receivedAt: Date;
}

/** What the turn produced, before it is addressed. */
export interface ReplyDraft {
  text: string;
  /** Quick replies the channel may render as buttons. */
  choices?: { label: string; value: string }[];
  /** Structured outcome of the turn (route, intent, confidence, escalation...), shown to web and the console. */
  meta?: Record<string, unknown>;
}

/** A reply addressed to a person on a channel, as the outbox stores and sends it. */
export interface OutboundMessage extends ReplyDraft {
  /** Outbox id: stable across retries, the idempotency key for the provider. */
  id: string;
  channel: ChannelId;
  recipientAddress: string;
  replyAddress?: string;
  /** Id of the inbound message this answers (the provider message id). */
  replyTo?: string;
  language: string;
  createdAt: Date;
}

export interface DeliveryReceipt {
  /** The provider's id for the sent message, when it gives one. */
  providerMessageId?: string;
}

export interface ChannelLimits {
  /** Longest text one message may carry; the channel's renderer keeps each reply within it. */
  maxTextLength: number;
  richText: boolean;
  buttons: boolean;
  /**
   * False for a channel that can only answer a message as it arrives: nothing can reach the
   * person later (an agent's reply, a follow-up), so a handoff to a person is refused there.
   * Unset: the channel can send at any time.
   */
  push?: boolean;
}
