/**
 * What a channel's fixture gives the contract suite (`contract.suite.ts`): how its provider
 * shapes and signs requests, where its local fake records what was sent, and what the channel
 * declares it cannot do, with the reason. See docs/channels.md.
 */
import type { ChannelAdapter, ChannelContext } from '../../src/gateway/channel.ts';
import type { ChannelId, InboundMessage } from '../../src/gateway/messages.ts';
import type { Store } from '../../src/store/types.ts';

/** An HTTP request as the provider would send it. */
export interface ContractRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** An unsigned request: what the provider posts, before any signature. */
export type UnsignedRequest = Omit<ContractRequest, 'headers'> & { contentType: string };

/** What the provider was asked to deliver, as the fake received it. */
export interface Delivery {
  /** The addressee at the provider: a number, a Slack channel, a Teams conversation, a web or terminal user. */
  to: string;
  /** The text parts that together carry the reply, in order (one for most channels). */
  texts: string[];
  /** Other text the person may see: a notification preview, a card's fallback. Each may be a shortened copy. */
  previews?: string[];
  /** The choice labels the person is shown (buttons, a numbered list). */
  choiceLabels?: string[];
}

/** A channel whose provider posts webhooks. */
export interface WebhookInbound {
  kind: 'webhook';
  /** The request for a person writing `text`; `id` becomes its provider message id. */
  message(text: string, id: string): UnsignedRequest;
  /** A request the channel reads but that is not a message (garbage for its format). */
  malformed(): UnsignedRequest;
  /**
   * How the provider proves a request is its own, or why this channel checks nothing (and what
   * stands instead). `sign` signs as the provider does; `forged` signs with a wrong secret or key;
   * `tamper` changes what the signature covers; `at` dates the signature (a stale one), or
   * `stale` says why the provider's requests carry no time and what stops a replay.
   */
  verification:
    | {
        sign(request: UnsignedRequest, options?: { forged?: boolean; at?: Date }): ContractRequest;
        tamper(request: UnsignedRequest): UnsignedRequest;
        stale: 'signed-time' | { none: string };
      }
    | { none: string };
  /** Headers the provider adds when it delivers the same request again. */
  retryHeaders?: Record<string, string>;
  /**
   * The person picks choice `index` of `last` the way the provider reports it (a button press, a
   * card submit, the number typed back), or why choices come back as plain text on this channel.
   */
  choose: ((last: Delivery, index: number, id: string) => UnsignedRequest) | { asText: string };
}

/** A channel with no webhook: messages are made on this machine and handed to the gateway directly. */
export interface LocalInbound {
  kind: 'local';
  /** Why there is nothing to verify. */
  why: string;
  message(text: string): InboundMessage;
  /** Why choices come back as plain text. */
  choose: { asText: string };
}

/** A provider played by a local fake that can throttle and refuse. */
export interface FakeProvider {
  kind: 'fake';
  /** The next delivery the fake received since the last call (waits for it). */
  next(): Promise<Delivery>;
  /** The next call answers HTTP 429 with `Retry-After: seconds`. */
  rateLimitNext(seconds: number): void;
  /** The next call is refused for good (an unknown recipient, a blocked sender). */
  refuseNext(): void;
}

/** A channel whose "provider" is the outbox itself: a reply is delivered once it is stored. */
export interface OutboxProvider {
  kind: 'outbox';
  /** Why there is no provider to throttle or refuse. */
  why: string;
  next(): Promise<Delivery>;
}

export interface ChannelUnderTest {
  adapter: ChannelAdapter;
  inbound: WebhookInbound | LocalInbound;
  provider: FakeProvider | OutboxProvider;
  /** Where at the provider a reply to `message` must arrive (`Delivery.to`). */
  destination(message: InboundMessage): string;
  /** Called once the channel's routes listen at `base` (to open a stream, say). */
  served?(base: string): Promise<void>;
  close(): Promise<void>;
}

export interface ChannelFixture {
  id: ChannelId;
  /** How a reply longer than `limits.maxTextLength` is kept within it: parts that carry it all, or its start and an ellipsis. */
  longReplies: 'split' | 'shorten';
  /** Builds the adapter against its local fake, on the suite's real channel state (and store, for a channel whose provider is the outbox). */
  start(context: ChannelContext, store: Store): Promise<ChannelUnderTest>;
}
