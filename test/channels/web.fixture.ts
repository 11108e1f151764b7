/**
 * The web channel as it runs in development without WEB_IDENTITY_SECRET: JSON posts naming the
 * visitor, replies pushed over Server-Sent Events (read here with a real HTTP client).
 */
import { createWebChannel } from '../../channels/web/index.ts';
import type { WebReply } from '../../channels/web/render.ts';
import type { ChannelFixture, Delivery, UnsignedRequest } from './fixture.ts';

const VISITOR = 'web-contract-visitor';

/** Reads one user's reply stream, as the page's EventSource does. */
async function followStream(url: string): Promise<{ next(): Promise<WebReply>; stop(): void }> {
  const abort = new AbortController();
  const response = await fetch(url, { signal: abort.signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: WebReply[] = [];
  const waiting: (() => void)[] = [];
  let buffer = '';
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const data = buffer.slice(0, end).split('\n').find((line) => line.startsWith('data: '));
        buffer = buffer.slice(end + 2);
        if (data) events.push(JSON.parse(data.slice(6)) as WebReply);
        for (const wake of waiting.splice(0)) wake();
      }
    }
  })();
  let seen = 0;
  return {
    async next() {
      while (events.length <= seen) await new Promise<void>((resolve) => waiting.push(resolve));
      return events[seen++]!;
    },
    stop: () => abort.abort(),
  };
}

export const webFixture: ChannelFixture = {
  id: 'web',
  longReplies: 'shorten',
  async start(_context, store) {
    // Replies are read back from the outbox by GET; live ones are pushed to open streams, which this fixture follows.
    const adapter = createWebChannel({ outbox: store.outbox, bodyLimit: '64kb' });
    let stream: Awaited<ReturnType<typeof followStream>> | undefined;
    /** The buttons of the last reply, with the values the page would send. */
    let shownChoices: { label: string; value: string }[] = [];
    const request = (body: unknown): UnsignedRequest => ({ path: '/webhooks/web', contentType: 'application/json', body: JSON.stringify(body) });
    return {
      adapter,
      inbound: {
        kind: 'webhook',
        message: (text, id) => request({ userId: VISITOR, text, id }),
        malformed: () => request({ userId: VISITOR, text: '   ' }),
        verification: {
          none: 'in development without WEB_IDENTITY_SECRET the page names its visitor and is trusted (said loudly at start); the provider retry is the page sending the same id again',
        },
        // A button click: the page posts the choice's value as `action`, never its label.
        choose: (last: Delivery, index: number, id: string) => {
          const choice = shownChoices[index];
          if (!choice || choice.label !== last.choiceLabels?.[index]) throw new Error(`button ${index} is not the choice shown`);
          return request({ userId: VISITOR, action: choice.value, id });
        },
      },
      provider: {
        kind: 'outbox',
        why: 'the outbox is the web channel’s provider: a reply is readable once stored, and pushed to open streams',
        async next(): Promise<Delivery> {
          if (!stream) throw new Error('no stream open');
          const reply = await stream.next();
          shownChoices = reply.choices ?? [];
          return { to: VISITOR, texts: [reply.text], ...(reply.choices ? { choiceLabels: reply.choices.map((choice) => choice.label) } : {}) };
        },
      },
      destination: () => VISITOR,
      async close() {
        stream?.stop();
      },
      async served(base) {
        stream = await followStream(`${base}/webhooks/web/${VISITOR}/stream`);
      },
    };
  },
};
