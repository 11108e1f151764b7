import type { ChannelAdapter } from '../../src/gateway/channel.ts';
import type { OutboundMessage } from '../../src/gateway/messages.ts';

/**
 * The terminal channel: `npm run chat` feeds lines in through `accept`, and replies
 * come back to the `onReply` callback, which prints them.
 */
export function createCliChannel(onReply: (message: OutboundMessage) => void): ChannelAdapter {
  return {
    id: 'cli',
    limits: { maxTextLength: 10_000, richText: false, buttons: false },
    mount() {
      // No webhook: the chat command calls accept() directly.
    },
    async send(message) {
      onReply(message);
      return { providerMessageId: message.id };
    },
  };
}
