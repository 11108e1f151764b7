import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { arrivals, closeServer } from './arrivals.ts';

/** One Web API call the fake received, its arguments decoded from form or JSON. */
export interface SlackApiCall {
  method: string;
  token: string | undefined;
  args: Record<string, unknown>;
}

export interface FakeSlackUser {
  id: string;
  locale?: string;
  realName?: string;
}

/**
 * A small local stand-in for the Slack Web API (`https://slack.com/api/`), for the
 * real `WebClient` pointed at it with `slackApiUrl`. It records every call, answers
 * `chat.postMessage`, `users.info` and `auth.test`, and can play 429s and 5xxs.
 */
export interface FakeSlackApi {
  /** Base URL with the trailing `/api/`, as `slackApiUrl` / `SLACK_API_URL` expects. */
  readonly url: string;
  readonly calls: SlackApiCall[];
  /** The `chat.postMessage` arguments received, in order. */
  readonly posted: Record<string, unknown>[];
  readonly users: Map<string, FakeSlackUser>;
  /** The next `count` calls to `method` answer 429 with `Retry-After: retryAfterSeconds`. */
  rateLimit(method: string, count: number, retryAfterSeconds: number): void;
  /** The next `count` calls to `method` answer this HTTP status (5xx) or this Slack error (`ok: false`). */
  fail(method: string, count: number, failure: { status?: number; error?: string }): void;
  /** Resolves once `posted` holds at least `count` messages. */
  waitForPosts(count: number, timeoutMs?: number): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

function decodeArgs(request: IncomingMessage, raw: string): Record<string, unknown> {
  const type = request.headers['content-type'] ?? '';
  if (type.includes('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    // The WebClient sends arrays and objects (blocks, attachments) as JSON strings inside the form.
    args[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return args;
}

export async function startFakeSlackApi(): Promise<FakeSlackApi> {
  const calls: SlackApiCall[] = [];
  const posted: Record<string, unknown>[] = [];
  const arrived = arrivals(posted, 'posts');
  const users = new Map<string, FakeSlackUser>();
  const limits = new Map<string, { count: number; retryAfter: number }>();
  const failures = new Map<string, { count: number; status?: number; error?: string }>();
  let ts = 1_700_000_000;

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const method = (request.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
      const args = decodeArgs(request, Buffer.concat(chunks).toString('utf8'));
      const auth = request.headers.authorization;
      const token = auth?.startsWith('Bearer ') ? auth.slice(7) : (args.token as string | undefined);
      calls.push({ method, token, args });
      const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(JSON.stringify(body));
      };

      const limit = limits.get(method);
      if (limit && limit.count > 0) {
        limit.count--;
        return reply(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(limit.retryAfter) });
      }
      const failure = failures.get(method);
      if (failure && failure.count > 0) {
        failure.count--;
        if (failure.status) return reply(failure.status, { ok: false, error: 'internal_error' });
        return reply(200, { ok: false, error: failure.error ?? 'unknown_error' });
      }

      switch (method) {
        case 'auth.test':
          return reply(200, { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'switchboard' });
        case 'users.info': {
          const user = users.get(String(args.user));
          if (!user) return reply(200, { ok: false, error: 'user_not_found' });
          return reply(200, { ok: true, user: { id: user.id, real_name: user.realName, locale: args.include_locale ? user.locale : undefined } });
        }
        case 'chat.postMessage': {
          posted.push(args);
          arrived.arrived();
          ts += 1;
          return reply(200, { ok: true, channel: args.channel, ts: `${ts}.000100`, message: { text: args.text } });
        }
        default:
          return reply(200, { ok: false, error: 'unknown_method' });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/api/`,
    calls,
    posted,
    users,
    rateLimit: (method, count, retryAfter) => void limits.set(method, { count, retryAfter }),
    fail: (method, count, failure) => void failures.set(method, { count, ...failure }),
    waitForPosts: (count, timeoutMs = 5_000) => arrived.waitFor(count, timeoutMs),
    close: () => closeServer(server),
  };
}
