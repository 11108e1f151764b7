import { createHmac } from 'node:crypto';
import type { WebReply } from './web-client.ts';

/** What the embedding site's server computes (docs/web.md): hex HMAC-SHA256 of the user id. */
export const userHashOf = (secret: string, userId: string) => createHmac('sha256', secret).update(userId).digest('hex');

/** The site's signature of the phone number or e-mail it vouches for: HMAC over userId, newline, canonical claims. */
export function claimsHashOf(secret: string, userId: string, claims: { phone?: string; email?: string }): string {
  const canonical = JSON.stringify({ ...(claims.email !== undefined ? { email: claims.email } : {}), ...(claims.phone !== undefined ? { phone: claims.phone } : {}) });
  return createHmac('sha256', secret).update(`${userId}\n${canonical}`).digest('hex');
}

export interface Posted {
  status: number;
  body: Record<string, unknown>;
  setCookie: string | null;
}

/** A web visitor as an attacker or a page would drive the channel: raw requests, any headers. */
export function webVisitor(baseUrl: string) {
  const post = async (body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Posted> => {
    const res = await fetch(`${baseUrl}/webhooks/web`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown>, setCookie: res.headers.get('set-cookie') };
  };
  const read = async (userId: string, credentials: { query?: string; headers?: Record<string, string> } = {}) => {
    const res = await fetch(`${baseUrl}/webhooks/web/${encodeURIComponent(userId)}/messages${credentials.query ?? ''}`, { headers: credentials.headers ?? {} });
    const body = (await res.json()) as { messages?: WebReply[] };
    return { status: res.status, messages: body.messages ?? [] };
  };
  /** Polls `userId`'s replies with the given credentials until one answers `messageId`. */
  const replyTo = async (userId: string, messageId: string, credentials: { query?: string; headers?: Record<string, string> }, timeoutMs = 20_000): Promise<WebReply> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { status, messages } = await read(userId, credentials);
      if (status !== 200) throw new Error(`GET messages of ${userId}: ${status}`);
      const found = messages.find((reply) => reply.replyTo === messageId);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no reply to ${messageId} for ${userId}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return {
    post,
    read,
    replyTo,
    /** A message with no proof of identity: returns the guest's reply text and who they became. */
    async asGuest(body: Record<string, unknown>): Promise<{ text: string; userId: string; guestToken: string }> {
      const id = crypto.randomUUID();
      const posted = await post({ ...body, id });
      if (posted.status !== 202) throw new Error(`POST answered ${posted.status}: ${JSON.stringify(posted.body)}`);
      const userId = posted.body.userId as string;
      const guestToken = posted.body.guestToken as string;
      const reply = await replyTo(userId, id, { headers: { 'x-switchboard-guest-token': guestToken } });
      return { text: reply.text, userId, guestToken };
    },
    /** A signed-in visitor's message, signed as the site would; returns the reply text. */
    async asSignedIn(secret: string, userId: string, text: string, extra: Record<string, unknown> = {}): Promise<string> {
      const id = crypto.randomUUID();
      const userHash = userHashOf(secret, userId);
      const posted = await post({ userId, userHash, text, id, ...extra });
      if (posted.status !== 202) throw new Error(`POST answered ${posted.status}: ${JSON.stringify(posted.body)}`);
      return (await replyTo(userId, id, { query: `?userHash=${userHash}` })).text;
    },
  };
}

/** The count of accepted web messages, from /metrics: what a refused request must not change. */
export async function acceptedWebMessages(baseUrl: string): Promise<number> {
  const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
  return Number(/switchboard_messages_accepted_total\{channel="web"\} (\d+)/.exec(metrics)?.[1] ?? 0);
}
