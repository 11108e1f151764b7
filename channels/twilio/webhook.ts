/**
 * The Express side of Twilio webhooks: raw body capture, signature check over
 * the public URL, then a handler. Twilio gives a webhook 15 s; the handler
 * only stores the message and answers with empty TwiML at once, the reply goes
 * out later through the Messages API.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from '../../src/gateway/channel.ts';
import { ValidationError } from '../../src/errors.ts';
import { isValidTwilioSignature, parseFormBody, publicUrlOf, type TwilioParams } from './verify.ts';

/** Empty TwiML: "received, nothing to say now". */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

export interface WebhookSettings {
  authToken: string;
  /** PUBLIC_URL: the origin Twilio calls (the request's own origin when unset). */
  publicUrl?: string;
  bodyLimit?: string;
  logger: Logger;
}

/** Runs after the signature verified; returns nothing, the wrapper answers TwiML. */
export type VerifiedHandler = (params: TwilioParams, request: Request) => Promise<void>;

// Twilio posts form bodies (and JSON for some callbacks); keep the raw text so
// the signature covers exactly the bytes received.
function rawText(limit: string) {
  return express.text({ type: () => true, limit });
}

function isForm(request: Request): boolean {
  const type = request.headers['content-type'];
  return type === undefined || type.startsWith('application/x-www-form-urlencoded');
}

/** Mounts `POST path` with Twilio's signature check in front of `handle`. */
export function mountSignedRoute(router: Router, path: string, settings: WebhookSettings, handle: VerifiedHandler): void {
  router.post(path, rawText(settings.bodyLimit ?? '64kb'), async (request: Request, response: Response) => {
    const rawBody = typeof request.body === 'string' ? request.body : '';
    const params = isForm(request) ? parseFormBody(rawBody) : {};
    const url = publicUrlOf(request, settings.publicUrl);
    const signature = request.get('x-twilio-signature');
    if (!isValidTwilioSignature(settings.authToken, { url, signature, params, rawBody })) {
      settings.logger.warn({ route: path, url, hasSignature: Boolean(signature) }, 'twilio webhook refused: bad signature');
      // JSON like every other refusal: Twilio does not read the body of a 4xx, it logs error 11200.
      response.status(403).json({
        error: 'invalid_signature',
        message: signature ? 'X-Twilio-Signature does not match this request (check TWILIO_AUTH_TOKEN and PUBLIC_URL)' : 'X-Twilio-Signature is missing',
      });
      return;
    }
    try {
      await handle(params, request);
      response.status(200).type('text/xml').send(EMPTY_TWIML);
    } catch (error) {
      if (error instanceof ValidationError) {
        settings.logger.warn({ route: path, issues: error.issues }, `twilio webhook refused: ${error.message}`);
        response.status(400).json({ error: error.code, message: error.message, issues: error.issues });
        return;
      }
      // Nothing was stored: a 5xx lets Twilio's retry (or its fallback URL) try again.
      settings.logger.error({ route: path, err: error }, 'twilio webhook failed');
      response.status(503).set('retry-after', '5').json({ error: 'accept_failed', message: 'The message could not be stored right now; retry shortly.' });
    }
  });
}
