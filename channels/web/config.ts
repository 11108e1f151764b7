/**
 * The web channel's settings: whether it is on, and how it knows who a visitor is. The shape is
 * exported so the main schema includes it (the environment is parsed once).
 */
import { z } from 'zod';

/** The zod shape of the web channel's variables (merge it into the main schema). */
export const webEnvShape = {
  /**
   * The key the embedding site signs its visitors' ids with (`userHash` = hex HMAC-SHA256 of the
   * userId). Unset: web ids are trusted in development, everyone is a guest in production.
   */
  WEB_IDENTITY_SECRET: z
    .string()
    .transform((value) => value.trim())
    .transform((value) => (value === '' ? undefined : value))
    .optional()
    .refine((value) => value === undefined || value.length >= 16, 'must be at least 16 characters (e.g. openssl rand -hex 32), shared with the embedding site’s server'),
  /** `off` removes the web channel: its routes and the chat page. */
  WEB_CHANNEL: z
    .enum(['on', 'off', ''])
    .optional()
    .transform((value) => (value === 'off' ? 'off' : 'on')),
};

export interface WebSettings {
  NODE_ENV: string;
  WEB_IDENTITY_SECRET?: string;
  WEB_CHANNEL: 'on' | 'off';
}

/**
 * How the web channel knows its visitors:
 * - `verified`: a signed `userHash` makes the visitor that user; without one they are a guest;
 * - `demo` (development without a secret): the `userId` a request names is trusted, as a demo needs;
 * - `guest` (production without a secret): everyone is an anonymous guest;
 * - `off`: no web channel at all.
 */
export type WebMode = 'verified' | 'demo' | 'guest' | 'off';

export function webMode(config: WebSettings): WebMode {
  if (config.WEB_CHANNEL === 'off') return 'off';
  if (config.WEB_IDENTITY_SECRET) return 'verified';
  return config.NODE_ENV === 'production' ? 'guest' : 'demo';
}

/** What an operator must hear at start about the web channel (loud lines; empty when it verifies identities). */
export function webWarnings(config: WebSettings): string[] {
  switch (webMode(config)) {
    case 'demo':
      return [
        'WEB IDS ARE TRUSTED: WEB_IDENTITY_SECRET is not set, so anyone can write and read as any web user id (web-astrid...). Fine for a demo on your machine; set WEB_IDENTITY_SECRET before anyone else can reach this gateway.',
      ];
    case 'guest':
      return ['WEB CHANNEL: GUESTS ONLY (NODE_ENV=production without WEB_IDENTITY_SECRET): visitors get general answers and no account; set WEB_IDENTITY_SECRET to let signed-in visitors reach theirs.'];
    default:
      return [];
  }
}
