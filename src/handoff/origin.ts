import type { Request } from 'express';

/**
 * Cross-site request forgery, refused by origin: a browser names the page that made a request
 * in `Origin` (and `Referer`), and no page can forge either. `SameSite=Strict` is not enough,
 * since a page on another port of the same host is "same site" and gets the cookie too.
 */

/** The origin the request says it came from: `Origin`, else the `Referer`'s origin; `undefined` when it names none. */
export function claimedOrigin(request: Request): string | undefined {
  const origin = request.get('origin');
  if (origin) return origin === 'null' ? 'null' : normalize(origin);
  const referer = request.get('referer');
  return referer ? normalize(referer) : undefined;
}

function normalize(url: string): string | undefined {
  try {
    return new URL(url).origin.toLowerCase();
  } catch {
    return undefined;
  }
}

/** The gateway's own origins: as this request reached it (scheme from `X-Forwarded-Proto` behind a proxy), and `PUBLIC_URL`'s. */
export function ownOrigins(request: Request, publicUrl: string | undefined): string[] {
  const own = [normalize(`${request.protocol}://${request.get('host') ?? ''}`), publicUrl ? normalize(publicUrl) : undefined];
  return own.filter((origin): origin is string => origin !== undefined && origin !== 'null');
}

/** True when the request names the gateway's own origin; false when it names another, `null`, or none. */
export function fromOwnOrigin(request: Request, publicUrl: string | undefined): boolean {
  const origin = claimedOrigin(request);
  return origin !== undefined && ownOrigins(request, publicUrl).includes(origin);
}

/** True when the request names an origin and it is not the gateway's own (a request naming none passes). */
export function fromForeignOrigin(request: Request, publicUrl: string | undefined): boolean {
  return (request.get('origin') !== undefined || request.get('referer') !== undefined) && !fromOwnOrigin(request, publicUrl);
}
