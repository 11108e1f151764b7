import type { WebReply as RenderedReply } from '../../channels/web/render.ts';

/** A reply as `GET /webhooks/web/:userId/messages` returns it, with the meta fields tests read. */
export type WebReply = RenderedReply & { meta?: { route?: string; intent?: string; escalated?: boolean } };

/** Talks to a running gateway's web channel the way a web page would. */
export function webClient(baseUrl: string) {
  const post = async (body: unknown) => {
    const res = await fetch(`${baseUrl}/webhooks/web`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const replies = async (userId: string, after?: string): Promise<WebReply[]> => {
    const query = after ? `?after=${encodeURIComponent(after)}` : '';
    const res = await fetch(`${baseUrl}/webhooks/web/${encodeURIComponent(userId)}/messages${query}`);
    if (!res.ok) throw new Error(`GET messages: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { messages: WebReply[] }).messages;
  };
  return {
    post,
    replies,
    /** Sends a message and returns its id (202 expected). */
    async send(userId: string, text: string, id?: string, extra: Record<string, unknown> = {}): Promise<string> {
      const { status, body } = await post({ userId, text, ...(id ? { id } : {}), ...extra });
      if (status !== 202) throw new Error(`POST /webhooks/web answered ${status}: ${JSON.stringify(body)}`);
      return body.id as string;
    },
    /** Polls until `done` holds for the user's replies, or fails after `timeoutMs`. */
    async waitForReplies(userId: string, done: (replies: WebReply[]) => boolean, timeoutMs = 15_000): Promise<WebReply[]> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const current = await replies(userId);
        if (done(current)) return current;
        if (Date.now() > deadline) throw new Error(`timed out waiting for replies of ${userId}; have ${JSON.stringify(current.map((r) => r.text))}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    /** Sends one message and waits for the reply to it. */
    async ask(userId: string, text: string, id = crypto.randomUUID()): Promise<WebReply> {
      await this.send(userId, text, id);
      const all = await this.waitForReplies(userId, (list) => list.some((r) => r.replyTo === id));
      return all.find((r) => r.replyTo === id)!;
    },
  };
}
