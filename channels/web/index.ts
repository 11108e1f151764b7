import type { Request, Response, Router } from 'express';
import { jsonBody } from '../../src/server/json-body.ts';
import { z } from 'zod';
import { ValidationError } from '../../src/errors.ts';
import type { ChannelAdapter } from '../../src/gateway/channel.ts';
import type { OutboundMessage } from '../../src/gateway/messages.ts';
import type { OutboxStore } from '../../src/store/types.ts';
import { mountPage } from './page-routes.ts';
import { clientMessageId, parseWebMessage, webUserId } from './parse.ts';
import { WEB_TEXT_LIMIT, renderWebReply } from './render.ts';
import type { WebMode } from './config.ts';
import { createWebIdentity, isGuestId } from './identity.ts';

export interface WebChannelOptions {
  /** Where the replies live: the web channel's "provider" is the outbox itself. */
  outbox: Pick<OutboxStore, 'listForRecipient' | 'getById'>;
  bodyLimit: string;
  /** Seconds between SSE keep-alive comments, so proxies keep the stream open. */
  keepAliveSeconds?: number;
  /** How visitors are known (see config.ts); `demo` when omitted. */
  mode?: Exclude<WebMode, 'off'>;
  /** WEB_IDENTITY_SECRET, for the `verified` mode. */
  identitySecret?: string;
  /** The page offers the README's demo customers (demo mode with the embedded demo backend). */
  demo?: boolean;
}

const listQuery = z.object({
  after: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/**
 * The web channel: a JSON webhook in, replies read back as JSON or pushed over
 * Server-Sent Events, and a small chat page at `/`.
 */
export function createWebChannel(options: WebChannelOptions): ChannelAdapter {
  const subscribers = new Map<string, Set<Response>>();
  const identity = createWebIdentity(options.mode ?? 'demo', options.identitySecret);

  const userIdOf = (raw: unknown): string => {
    if (typeof raw === 'string' && isGuestId(raw)) return raw;
    const parsed = webUserId.safeParse(raw);
    if (!parsed.success) throw new ValidationError(`Invalid userId: ${parsed.error.issues[0]?.message ?? 'malformed'}`);
    return parsed.data;
  };

  /** The user id of a read, once the request proved it may read that user's replies (401 otherwise). */
  const readerOf = (req: Request): string => {
    const userId = userIdOf(req.params.userId);
    identity.authorizeReader(req, userId);
    return userId;
  };

  /** `after` is the id of a reply already seen by this user; replies after it come back, oldest first. */
  const cursorOf = async (after: string | undefined, userId: string): Promise<number> => {
    if (!after) return 0;
    const reply = await options.outbox.getById(after);
    if (!reply || reply.channel !== 'web' || reply.recipientAddress !== userId) throw new ValidationError(`Unknown reply id in after: ${after}`);
    return reply.seq;
  };

  return {
    id: 'web',
    limits: { maxTextLength: WEB_TEXT_LIMIT, richText: false, buttons: true },

    mount(router: Router, accept) {
      mountPage(router, { demo: options.demo ?? false });

      // What the page needs to know to show itself: whether a demo visitor may pick who they are.
      router.get('/webhooks/web/config', (_req, res) => {
        res.json({ mode: identity.mode });
      });

      router.post('/webhooks/web', jsonBody(options.bodyLimit), async (req, res) => {
        // A proof that does not hold is refused (401) before anything is stored.
        const sender = identity.identifySender(req);
        const message = parseWebMessage(req.body, new Date(), sender);
        const result = await accept(message);
        if (sender.guestToken) identity.setGuestCookie(req, res, sender.guestToken);
        res.status(202).json({
          id: clientMessageId(message.providerMessageId),
          duplicate: result.duplicate,
          userId: sender.address,
          ...(sender.guestToken ? { guestToken: sender.guestToken } : {}),
        });
      });

      router.get('/webhooks/web/:userId/messages', async (req, res) => {
        const userId = readerOf(req);
        const query = listQuery.safeParse(req.query);
        if (!query.success) throw new ValidationError(`Invalid query: ${query.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
        const afterSeq = await cursorOf(query.data.after, userId);
        const replies = await options.outbox.listForRecipient('web', userId, afterSeq, query.data.limit);
        res.json({ messages: replies.map(renderWebReply) });
      });

      router.get('/webhooks/web/:userId/stream', async (req, res) => {
        const userId = readerOf(req);
        const lastEventId = req.get('last-event-id') ?? (typeof req.query.after === 'string' ? req.query.after : undefined);
        const afterSeq = await cursorOf(lastEventId, userId);
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
        res.write('retry: 2000\n\n');
        // Replies queued while the client was away come first, then live ones.
        const missed = lastEventId ? await options.outbox.listForRecipient('web', userId, afterSeq, 500) : [];
        for (const reply of missed) writeEvent(res, reply);
        let set = subscribers.get(userId);
        if (!set) subscribers.set(userId, (set = new Set()));
        set.add(res);
        const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), (options.keepAliveSeconds ?? 15) * 1000);
        req.on('close', () => {
          clearInterval(keepAlive);
          set.delete(res);
          if (set.size === 0) subscribers.delete(userId);
        });
      });
    },

    async send(message: OutboundMessage) {
      // The reply is already readable from the outbox; live subscribers get it pushed.
      for (const res of subscribers.get(message.recipientAddress) ?? []) writeEvent(res, message);
      return { providerMessageId: message.id };
    },

    async close() {
      for (const set of subscribers.values()) for (const res of set) res.end();
      subscribers.clear();
    },
  };
}

function writeEvent(res: Response, message: OutboundMessage): void {
  res.write(`id: ${message.id}\nevent: message\ndata: ${JSON.stringify(renderWebReply(message))}\n\n`);
}
