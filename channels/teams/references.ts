import type { ConversationReference } from 'botbuilder';
import type { ChannelStateStore } from '../../src/gateway/channel.ts';
import { LruCache } from '../../src/cache/lru.ts';

/**
 * Conversation references, kept in the channel's durable state under the conversation
 * id (the `replyAddress`), so answers still reach Teams after a restart.
 */
export class TeamsReferences {
  /** A cache in front of durable state, bounded so memory does not grow with the number of chats. */
  private readonly memory = new LruCache<string, ConversationReference>(10_000);

  constructor(private readonly state: ChannelStateStore) {}

  private static key(conversationId: string): string {
    return `ref:${conversationId}`;
  }

  /** Saves the reference unless the same one is already stored (the common case: every message of a chat). */
  async save(reference: Partial<ConversationReference>): Promise<void> {
    const conversationId = reference.conversation?.id;
    if (!conversationId) return;
    // Proactive answers go to the conversation, not as a reply to one stale activity.
    const { activityId: _activityId, ...stored } = reference;
    const known = this.memory.get(conversationId);
    if (known && JSON.stringify(known) === JSON.stringify(stored)) return;
    await this.state.set('teams', TeamsReferences.key(conversationId), stored);
    this.memory.set(conversationId, stored as ConversationReference);
  }

  async load(conversationId: string): Promise<ConversationReference | undefined> {
    const known = this.memory.get(conversationId);
    if (known) return known;
    const stored = await this.state.get<ConversationReference>('teams', TeamsReferences.key(conversationId));
    if (stored) this.memory.set(conversationId, stored);
    return stored;
  }
}
