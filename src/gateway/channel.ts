import type { Router } from 'express';
import type {
  ChannelId,
  ChannelLimits,
  DeliveryReceipt,
  InboundMessage,
  OutboundMessage,
} from './messages.ts';

/** What the gateway answers when a channel hands it a verified, parsed message. */
export interface AcceptResult {
  /** The gateway's id for the message (the inbox id). */
  id: string;
  /** True when the same provider message id was accepted before: nothing new was queued. */
  duplicate: boolean;
}

export type Accept = (message: InboundMessage) => Promise<AcceptResult>;

/**
 * One adapter per channel. It knows its provider's wire format and nothing
 * else: it verifies and parses webhooks into {@link InboundMessage}s and renders
 * and sends {@link OutboundMessage}s.
 */
export interface ChannelAdapter {
  readonly id: ChannelId;
  readonly limits: ChannelLimits;
  /** Mounts the channel's webhook routes; verified, parsed messages go to `accept`. */
  mount(router: Router, accept: Accept): void;
  /**
   * Sends one reply. Throws a `ChannelError` (retryable or not) or a
   * `RateLimitError` when the provider refuses; the outbox decides what to do.
   */
  send(message: OutboundMessage): Promise<DeliveryReceipt>;
  /** Called once the gateway has stopped dispatching, to release connections. */
  close?(): Promise<void>;
}

/** Small durable key-value state an adapter may keep (conversation references, opt-outs, caches). */
export interface ChannelStateStore {
  get<T>(channel: ChannelId, key: string): Promise<T | undefined>;
  set(channel: ChannelId, key: string, value: unknown): Promise<void>;
  delete(channel: ChannelId, key: string): Promise<void>;
}

/** Delivery status a provider reports after the send (Twilio status callbacks). */
export interface DeliveryStatusReport {
  channel: ChannelId;
  providerMessageId: string;
  status: 'sent' | 'delivered' | 'failed';
  error?: string;
}

/** A structured logger (pino's shape) so adapters log with context and never import pino setup. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

/** What the gateway gives every adapter when it creates it. */
export interface ChannelContext {
  state: ChannelStateStore;
  logger: Logger;
  /** Reports a provider's delivery callback to the outbox record. */
  reportDelivery(report: DeliveryStatusReport): Promise<void>;
}
