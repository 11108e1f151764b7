import express, { type RequestHandler } from 'express';

/**
 * Express's JSON parser for the gateway's own JSON routes, refusing a body of another type
 * with 415 and how to send it, instead of silently reading it as `{}` (a sign-in with
 * `text/plain` answered "Wrong token.", a reply "text: Required"). A request without a body
 * passes through as `{}`.
 */
export function jsonBody(limit: string | number | undefined): RequestHandler {
  const parse = express.json(limit === undefined ? {} : { limit });
  return (request, response, next) => {
    const length = request.headers['content-length'];
    const hasBody = request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
    if (hasBody && !request.is('application/json')) {
      const sent = request.headers['content-type'] ?? 'none';
      response.status(415).json({ error: 'unsupported_media_type', message: `Send the body as JSON with Content-Type: application/json (got ${sent}).` });
      return;
    }
    parse(request, response, next);
  };
}
