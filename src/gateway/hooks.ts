import type { TurnMeta, TurnResult } from './assistant.ts';
import type { DeliveryReceipt } from './messages.ts';
import type { InboxItem, NewOutbound, OutboxItem } from '../store/types.ts';

/** What a hook answers in place of the assistant: replies already addressed (they may go to someone else). */
export interface InterceptedTurn {
  replies: NewOutbound[];
  meta: TurnMeta;
}

/**
 * Extension points of the pipeline (human handoff uses them). Every hook may run again
 * for the same message after a crash, so each must be idempotent, keyed by `item.id`.
 */
export interface TurnHooks {
  /** Before the assistant. Returning a turn takes the message away from it (a person has the thread). */
  intercept?(item: InboxItem): Promise<InterceptedTurn | undefined>;
  /**
   * After the assistant answered, before the turn is committed (an escalation opens a ticket here).
   * May return the replies to commit instead of `replies` (amended, or with messages to others added).
   */
  onTurn?(item: InboxItem, result: TurnResult, replies: NewOutbound[]): Promise<NewOutbound[] | void>;
  /** After a reply was handed to its channel, with the provider's receipt. */
  afterSend?(item: OutboxItem, receipt: DeliveryReceipt): Promise<void>;
}

/**
 * Told of every turn this process committed, in the thread's order, with what the turn decided and
 * the replies queued (reports count conversations here). A listener's failure is logged, never the turn's.
 */
export type TurnListener = (item: InboxItem, meta: TurnMeta, replies: OutboxItem[]) => Promise<void>;
