/**
 * X-Twilio-Signature checks. Twilio signs the exact URL it called (scheme, host,
 * port as configured, path and query) followed by the sorted POST parameters,
 * with HMAC-SHA1 keyed by the auth token. JSON callbacks carry no parameters:
 * the URL has a `bodySHA256` query parameter holding the body's hash instead.
 * https://www.twilio.com/docs/usage/webhooks/webhooks-security
 */
import twilio from 'twilio';

/** Form parameters as Twilio posts them: repeated keys become arrays. */
export type TwilioParams = Record<string, string | string[]>;

export interface SignedRequest {
  /** The public URL Twilio called, query string included. */
  url: string;
  /** The X-Twilio-Signature header, if any. */
  signature: string | undefined;
  /** Form parameters of an `application/x-www-form-urlencoded` body. */
  params?: TwilioParams;
  /** The raw body, needed for JSON callbacks signed with `bodySHA256`. */
  rawBody?: string;
}

function bodyHashOf(url: string): string | undefined {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return undefined;
  return new URLSearchParams(url.slice(queryStart + 1)).get('bodySHA256') ?? undefined;
}

/**
 * True when the request carries a valid signature for `authToken`. The SDK's
 * validator also tries the URL with and without its default port and with the
 * query string normalised, as Twilio may sign any of those forms.
 */
export function isValidTwilioSignature(authToken: string, request: SignedRequest): boolean {
  const signature = request.signature;
  if (!signature || !authToken) return false;
  if (bodyHashOf(request.url) !== undefined) {
    return twilio.validateRequestWithBody(authToken, signature, request.url, request.rawBody ?? '');
  }
  return twilio.validateRequest(authToken, signature, request.url, request.params ?? {});
}

/** Parses a form body the way Twilio builds it, keeping repeated keys as arrays. */
export function parseFormBody(rawBody: string): TwilioParams {
  const params: TwilioParams = {};
  for (const [key, value] of new URLSearchParams(rawBody)) {
    const existing = params[key];
    if (existing === undefined) params[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else params[key] = [existing, value];
  }
  return params;
}

/** The request as Express sees it, reduced to what rebuilding the public URL needs. */
export interface UrlSource {
  originalUrl: string;
  protocol: string;
  get(name: 'host'): string | undefined;
}

/**
 * The URL Twilio called. Behind a proxy or tunnel the local request says
 * `http://localhost:3000`, while Twilio signed `https://public.example`: with
 * `publicUrl` set, its origin (and any path prefix the proxy strips) replaces
 * the local one.
 */
export function publicUrlOf(request: UrlSource, publicUrl: string | undefined): string {
  if (publicUrl) return `${publicUrl.replace(/\/+$/, '')}${request.originalUrl}`;
  return `${request.protocol}://${request.get('host') ?? 'localhost'}${request.originalUrl}`;
}

/** Computes the signature Twilio would send for `url` and form `params` (tests, fakes, benches). */
export function signTwilioRequest(authToken: string, url: string, params: TwilioParams): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}
