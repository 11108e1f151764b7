import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { arrivals, closeServer } from './arrivals.ts';

/** One activity the bot sent to the fake connector. */
export interface ConnectorPost {
  conversationId: string;
  /** Set when the bot replied to an activity (`POST .../activities/:activityId`). */
  replyToId?: string;
  activity: Record<string, unknown>;
  authorization?: string;
}

export interface TokenOptions {
  /** Sign with a key the JWKS does not publish (same `kid`): a forged token. */
  wrongKey?: boolean;
  audience?: string;
  issuer?: string;
  serviceUrl?: string;
  expiresInSeconds?: number;
  kid?: string;
}

/**
 * A small local Bot Connector (`serviceUrl`), plus the OpenID metadata and JWKS that
 * Bot Framework tokens are checked against, so tokens can be signed offline.
 */
export interface FakeBotConnector {
  /** Put this in an activity's `serviceUrl`: replies come here. Ends with `/`. */
  readonly serviceUrl: string;
  /** OpenID configuration document whose `jwks_uri` serves the fake's signing key. */
  readonly openIdMetadataUrl: string;
  readonly posts: ConnectorPost[];
  /** A `Bearer` JWT as the Bot Framework channel would send it to the bot. */
  signToken(appId: string, options?: TokenOptions): string;
  /** The next `count` posts answer 429 with `Retry-After: retryAfterSeconds`. */
  rateLimit(count: number, retryAfterSeconds: number): void;
  /** The next `count` posts answer this HTTP status. */
  fail(count: number, status: number): void;
  /** Makes the OpenID metadata answer 503 (signing keys unavailable) or serve again. */
  setKeysAvailable(available: boolean): void;
  waitForPosts(count: number, timeoutMs?: number): Promise<ConnectorPost[]>;
  close(): Promise<void>;
}

const base64url = (input: Buffer | string) => Buffer.from(input).toString('base64url');

function signJwt(payload: Record<string, unknown>, key: KeyObject, kid: string): string {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const body = base64url(JSON.stringify(payload));
  const signature = createSign('RSA-SHA256').update(`${header}.${body}`).sign(key);
  return `${header}.${body}.${base64url(signature)}`;
}

export async function startFakeBotConnector(): Promise<FakeBotConnector> {
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const forgedKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = `fake-${randomUUID()}`;
  const jwk = signingKey.publicKey.export({ format: 'jwk' });
  const posts: ConnectorPost[] = [];
  const posted = arrivals(posts, 'connector posts');
  let limited = { count: 0, retryAfter: 1 };
  let failing = { count: 0, status: 500 };
  let keysAvailable = true;
  let next = 0;
  let base = '';

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(JSON.stringify(body));
      };
      const path = (request.url ?? '').split('?')[0] ?? '';
      if (request.method === 'GET' && path === '/openid') {
        if (!keysAvailable) return reply(503, { error: 'unavailable' });
        return reply(200, { issuer: 'https://api.botframework.com', jwks_uri: `${base}/keys` });
      }
      if (request.method === 'GET' && path === '/keys') {
        return reply(200, { keys: [{ kty: 'RSA', use: 'sig', kid, n: jwk.n, e: jwk.e, endorsements: ['msteams', 'emulator', 'webchat'] }] });
      }
      const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
      if (request.method === 'POST' && match?.[1]) {
        if (limited.count > 0) {
          limited.count--;
          return reply(429, { error: { code: 'TooManyRequests' } }, { 'retry-after': String(limited.retryAfter) });
        }
        if (failing.count > 0) {
          failing.count--;
          return reply(failing.status, { error: { code: 'ServiceError', message: 'fake failure' } });
        }
        const activity = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
        posts.push({
          conversationId: decodeURIComponent(match[1]),
          ...(match[2] ? { replyToId: decodeURIComponent(match[2]) } : {}),
          activity,
          ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
        });
        posted.arrived();
        return reply(200, { id: `sent-${++next}` });
      }
      return reply(404, { error: { code: 'NotFound', message: path } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    serviceUrl: `${base}/`,
    openIdMetadataUrl: `${base}/openid`,
    posts,
    signToken: (appId, options = {}) => {
      const now = Math.floor(Date.now() / 1000);
      const payload = {
        iss: options.issuer ?? 'https://api.botframework.com',
        aud: options.audience ?? appId,
        serviceurl: options.serviceUrl ?? `${base}/`,
        nbf: now - 10,
        iat: now - 10,
        exp: now + (options.expiresInSeconds ?? 3600),
      };
      return signJwt(payload, options.wrongKey ? forgedKey.privateKey : signingKey.privateKey, options.kid ?? kid);
    },
    rateLimit: (count, retryAfter) => void (limited = { count, retryAfter }),
    fail: (count, status) => void (failing = { count, status }),
    setKeysAvailable: (available) => void (keysAvailable = available),
    waitForPosts: (count, timeoutMs = 5_000) => posted.waitFor(count, timeoutMs),
    close: () => closeServer(server),
  };
}
