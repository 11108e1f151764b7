/**
 * The terminal: `npm run chat` turns each typed line into a message on this machine and prints
 * replies as they are stored. No webhook, no provider.
 */
import { createCliChannel } from '../../channels/cli/index.ts';
import { parseCliLine } from '../../channels/cli/parse.ts';
import { renderCliReply } from '../../channels/cli/render.ts';
import type { OutboundMessage } from '../../src/gateway/messages.ts';
import type { ChannelFixture, Delivery } from './fixture.ts';

const USER = '+46701234567';

export const cliFixture: ChannelFixture = {
  id: 'cli',
  longReplies: 'shorten',
  async start() {
    const printed: OutboundMessage[] = [];
    const waiting: (() => void)[] = [];
    const adapter = createCliChannel((message) => {
      printed.push(message);
      for (const wake of waiting.splice(0)) wake();
    });
    let seen = 0;
    return {
      adapter,
      inbound: {
        kind: 'local',
        why: 'the chat runs on this machine as its user (--user) and hands lines to the gateway directly: no route, nothing to sign',
        message: (text) => parseCliLine(text, USER)!,
        choose: { asText: 'a terminal has no buttons (limits.buttons is false): choices are printed as a numbered list and the answer is typed' },
      },
      provider: {
        kind: 'outbox',
        why: 'the outbox is the terminal’s provider: a running chat prints what is stored for its user',
        async next(): Promise<Delivery> {
          while (printed.length <= seen) await new Promise<void>((resolve) => waiting.push(resolve));
          const message = printed[seen++]!;
          const shown = renderCliReply(message);
          const labels = [...shown.matchAll(/^ {2}\[\d+\] (.+)$/gm)].map((match) => match[1]!);
          return { to: message.recipientAddress, texts: [shown], ...(labels.length ? { choiceLabels: labels } : {}) };
        },
      },
      destination: (message) => message.senderAddress,
      close: async () => {},
    };
  },
};
