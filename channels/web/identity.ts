/**
 * Who a web visitor is. The embedding site signs its signed-in visitor's id on its own server
 * (`userHash` = hex HMAC-SHA256(WEB_IDENTITY_SECRET, userId), the convention of Intercom's and
 * Chatwoot's identity verification) and may vouch for the phone number or e-mail it verified
 * (`claims`, signed by `claimsHash` = HMAC(secret, userId + "\n" + canonical claims)). Anyone
 * else is an anonymous guest, whose id is made here and proved by a token only they hold.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { z } from 'zod';
import { AuthenticationError, ValidationError } from '../../src/errors.ts';
import type { VerifiedClaims } from '../../src/gateway/messages.ts';
import type { WebMode } from './config.ts';

export const USER_HASH_HEADER = 'x-switchboard-user-hash';
export const GUEST_TOKEN_HEADER = 'x-switchboard-guest-token';
export const GUEST_COOKIE = 'switchboard_guest';
/** The cookie lives as long as a guest's conversation is worth keeping. */
const GUEST_COOKIE_MAX_AGE_S = 30 * 24 * 3600;

/** A guest's id: `guest#` and a digest of its token. `#` is in no site's user id, so a guest is never anyone else. */
const GUEST_ID = /^guest#[A-Za-z0-9_-]{32}$/;
const GUEST_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const isGuestId = (userId: string): boolean => GUEST_ID.test(userId);

/** The guest id a token proves: nobody can work the token out from the id. */
export function guestIdForToken(token: string): string | undefined {
  if (!GUEST_TOKEN.test(token)) return undefined;
  return `guest#${createHash('sha256').update(`switchboard web guest\n${token}`).digest('base64url').slice(0, 32)}`;
}

export function newGuestToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The site's signature of a user id: hex HMAC-SHA256(secret, userId). */
export function webUserHash(secret: string, userId: string): string {
  return createHmac('sha256', secret).update(userId, 'utf8').digest('hex');
}

/** Claims as signed: a JSON object with the keys present, in alphabetical order, values as sent. */
export function canonicalClaims(claims: VerifiedClaims): string {
  const ordered: VerifiedClaims = {};
  if (claims.email !== undefined) ordered.email = claims.email;
  if (claims.phone !== undefined) ordered.phone = claims.phone;
  return JSON.stringify(ordered);
}

/** The site's signature of the claims it vouches for, bound to one user id. */
export function webClaimsHash(secret: string, userId: string, claims: VerifiedClaims): string {
  return createHmac('sha256', secret).update(`${userId}\n${canonicalClaims(claims)}`, 'utf8').digest('hex');
}

/** Compares a hash a client sent with the expected one in constant time; anything not 64 hex digits is wrong. */
function sameHash(given: string | undefined, expected: string): boolean {
  if (given === undefined || !/^[0-9a-fA-F]{64}$/.test(given)) return false;
  return timingSafeEqual(Buffer.from(given.toLowerCase(), 'hex'), Buffer.from(expected, 'hex'));
}

const claimsShape = z
  .object({
    phone: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +46701234567').optional(),
    email: z.string().max(254).regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an e-mail address').optional(),
  })
  .strict();

/** `claims` may come as an object or as the JSON text of one (what a form field can carry). */
const claimsField = z.preprocess((value) => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}, claimsShape);

const hashField = z.string().max(200);

/** The identity fields of a `POST /webhooks/web` body (the rest is the message, parsed in parse.ts). */
const identityFields = z.object({
  userId: z.string().max(200).optional(),
  userHash: hashField.optional(),
  claims: claimsField.optional(),
  claimsHash: hashField.optional(),
});

/** Who sent a web message, as the channel established it. */
export interface WebSender {
  /** The address replies go to: the signed-in (or, in the demo, named) user id, or the guest id. */
  address: string;
  guest: boolean;
  claims?: VerifiedClaims;
  /** A guest's token (new or the one they sent), to hand back so they can read their replies. */
  guestToken?: string;
}

export interface WebIdentity {
  readonly mode: Exclude<WebMode, 'off'>;
  /** The sender of a POST, or an {@link AuthenticationError} (401) for a proof that does not hold. */
  identifySender(req: Request): WebSender;
  /** Throws 401 unless the request proves it may read `userId`'s replies. */
  authorizeReader(req: Request, userId: string): void;
  /** Keeps a guest's token in an HttpOnly cookie so the page's later requests carry it. */
  setGuestCookie(req: Request, res: { cookie(name: string, value: string, options: object): unknown }, token: string): void;
}

export function createWebIdentity(mode: Exclude<WebMode, 'off'>, secret?: string): WebIdentity {
  if (mode === 'verified' && !secret) throw new Error('the verified web mode needs WEB_IDENTITY_SECRET');

  const guestTokenOf = (req: Request): string | undefined => {
    const header = req.get(GUEST_TOKEN_HEADER);
    if (header) return header.trim();
    if (typeof req.query.guestToken === 'string') return req.query.guestToken;
    return cookieValue(req.get('cookie'), GUEST_COOKIE);
  };

  /** A guest: the one the request's token proves, else a new one. */
  const guest = (req: Request, namedId?: string): WebSender => {
    const token = guestTokenOf(req);
    const proved = token ? guestIdForToken(token) : undefined;
    if (namedId !== undefined) {
      if (!proved || proved !== namedId) throw new AuthenticationError('This guest id needs its guest token (X-Switchboard-Guest-Token, ?guestToken= or the cookie).', 401);
      return { address: namedId, guest: true, guestToken: token };
    }
    if (proved && token) return { address: proved, guest: true, guestToken: token };
    const fresh = newGuestToken();
    return { address: guestIdForToken(fresh)!, guest: true, guestToken: fresh };
  };

  return {
    mode,

    identifySender(req) {
      const parsed = identityFields.safeParse(req.body ?? {});
      if (!parsed.success) {
        const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'} ${issue.message}`);
        throw new ValidationError(`Invalid web message: ${issues.join('; ')}`, issues);
      }
      const { userId, claims: rawClaims, claimsHash } = parsed.data;
      const userHash = parsed.data.userHash ?? req.get(USER_HASH_HEADER);
      const claims = rawClaims && (rawClaims.phone !== undefined || rawClaims.email !== undefined) ? rawClaims : undefined;
      if (userId !== undefined && isGuestId(userId)) return guest(req, userId);
      if (mode === 'guest') return guest(req);
      if (mode === 'demo') {
        // Development without a secret: the web id a request names is trusted, as the demo needs. A phone or an
        // e-mail would join that person's SMS and WhatsApp conversation, so claims are never taken unsigned.
        if (claims || claimsHash !== undefined) throw new AuthenticationError('claims must be signed: set WEB_IDENTITY_SECRET and send claimsHash (docs/web.md)', 401);
        return userId === undefined ? guest(req) : { address: userId, guest: false };
      }
      if (userHash === undefined) {
        if (claims || claimsHash !== undefined) throw new AuthenticationError('claims need a signed user: send userHash with the userId', 401);
        return guest(req);
      }
      if (userId === undefined) throw new ValidationError('Invalid web message: userId is required with userHash', ['userId is required with userHash']);
      if (!sameHash(userHash, webUserHash(secret!, userId))) throw new AuthenticationError('userHash does not match userId', 401);
      if (claims && !sameHash(claimsHash, webClaimsHash(secret!, userId, claims))) throw new AuthenticationError('claimsHash does not match the claims', 401);
      return { address: userId, guest: false, ...(claims ? { claims: normalized(claims) } : {}) };
    },

    authorizeReader(req, userId) {
      if (isGuestId(userId)) {
        const token = guestTokenOf(req);
        if (!token || guestIdForToken(token) !== userId) throw new AuthenticationError('Reading a guest’s replies needs its guest token.', 401);
        return;
      }
      if (mode === 'demo') return;
      if (mode === 'guest') throw new AuthenticationError('Only guests use this web channel; read your replies with your guest token.', 401);
      const given = typeof req.query.userHash === 'string' ? req.query.userHash : req.get(USER_HASH_HEADER);
      if (!sameHash(given, webUserHash(secret!, userId))) throw new AuthenticationError('Reading replies needs the userHash of this userId (?userHash= or X-Switchboard-User-Hash).', 401);
    },

    setGuestCookie(req, res, token) {
      res.cookie(GUEST_COOKIE, token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: req.secure,
        path: '/webhooks/web',
        maxAge: GUEST_COOKIE_MAX_AGE_S * 1000,
      });
    },
  };
}

/** Claims as the gateway uses them: e-mail without case. */
function normalized(claims: VerifiedClaims): VerifiedClaims {
  return { ...(claims.phone ? { phone: claims.phone } : {}), ...(claims.email ? { email: claims.email.toLowerCase() } : {}) };
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}
