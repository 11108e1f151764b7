import type { ChannelAdapter } from '../../src/gateway/channel.ts';
import type { OutboundMessage } from '../../src/gateway/messages.ts';
import { CLI_TEXT_LIMIT } from './render.ts';

/**
 * The terminal channel. `npm run chat` feeds lines in through `accept` (`parse.ts`) and prints
 * replies with `render.ts`. Like the web channel,
 * its "provider" is the outbox itself: a reply is delivered once it is stored, and a running
 * chat follows the outbox for its user (`follow.ts`), so replies queued by any process, an
 * agent's from the console included, reach it. `onReply` hears each reply this process sends
 * (the evals and benchmarks read replies that way).
 */
export function createCliChannel(onReply?: (message: OutboundMessage) => void): ChannelAdapter {
  return {
    id: 'cli',
    limits: { maxTextLength: CLI_TEXT_LIMIT, richText: false, buttons: false },
    mount() {
      // No webhook: the chat command calls accept() directly.
    },
    async send(message) {
      onReply?.(message);
      return { providerMessageId: message.id };
    },
  };
}
