import type { Request, RequestHandler } from 'express';

export interface WrongCredentialLimits {
  /** Wrong tokens or sessions one address may send per window before it must wait. */
  limit: number;
  windowMs: number;
  /** Addresses remembered at once; the oldest is forgotten first (a bound on memory, not a working limit). */
  maxAddresses: number;
}

const DEFAULT_LIMITS: WrongCredentialLimits = { limit: 10, windowMs: 10 * 60_000, maxAddresses: 10_000 };

/** Wrong credentials counted per client address in a fixed window. */
export class WrongCredentials {
  private readonly byAddress = new Map<string, { count: number; since: number }>();

  constructor(
    private readonly limits: WrongCredentialLimits = DEFAULT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** How long `address` must still wait, in ms; 0 when it may try. */
  waitMs(address: string): number {
    const entry = this.byAddress.get(address);
    if (!entry) return 0;
    const left = entry.since + this.limits.windowMs - this.now();
    if (left <= 0) {
      this.byAddress.delete(address);
      return 0;
    }
    return entry.count >= this.limits.limit ? left : 0;
  }

  wrong(address: string): void {
    const now = this.now();
    const entry = this.byAddress.get(address);
    if (entry && entry.since + this.limits.windowMs > now) {
      entry.count += 1;
      return;
    }
    this.byAddress.delete(address);
    if (this.byAddress.size >= this.limits.maxAddresses) this.byAddress.delete(this.byAddress.keys().next().value!);
    this.byAddress.set(address, { count: 1, since: now });
  }
}

/** True when the request offered a credential: a Bearer token, a session cookie, or a token to sign in with. */
function offersCredential(request: Request, sessionCookie: string): boolean {
  const body = request.body as { token?: unknown } | undefined;
  return Boolean(request.get('authorization') || request.get('cookie')?.includes(`${sessionCookie}=`) || (typeof body?.token === 'string' && body.token));
}

/**
 * Guessing tokens is slowed to `limit` wrong tries per address per window: past that, the
 * address gets 429 with Retry-After, whatever it sends, until the window ends.
 */
export function limitWrongCredentials(counter: WrongCredentials, sessionCookie: string): RequestHandler {
  return (request, response, next) => {
    const address = request.ip ?? request.socket.remoteAddress ?? 'unknown';
    const waitMs = counter.waitMs(address);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      response
        .status(429)
        .set('retry-after', String(seconds))
        .json({ error: 'too_many_attempts', message: `Too many wrong tokens from this address: try again in ${Math.ceil(seconds / 60)} minute(s).` });
      return;
    }
    response.on('finish', () => {
      // 401: no credential matched. A route that refuses a real but insufficient token with 403
      // marks a token that matched nobody with `locals.wrongCredential`.
      const wrong = response.statusCode === 401 || response.locals.wrongCredential === true;
      if (wrong && offersCredential(request, sessionCookie)) counter.wrong(address);
    });
    next();
  };
}
