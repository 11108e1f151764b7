import type { IncomingMessage } from 'node:http';
import express, { type NextFunction, type RequestHandler } from 'express';

/**
 * Express's JSON parser for the gateway's own JSON routes, refusing a body of another type
 * with 415 and how to send it, instead of silently reading it as `{}` (a sign-in with
 * `text/plain` answered "Wrong token.", a reply "text: Required"). A request without a body
 * passes through as `{}`.
 *
 * The common request, UTF-8 JSON of a declared length within the limit and not compressed, is
 * read here: body-parser's media-type parsing, charset decoder and stream reader cost more CPU
 * than the rest of a web webhook's own work. Everything else (chunked, compressed, another
 * charset, too large) goes to body-parser, which answers it as before.
 */
export function jsonBody(limit: string | number | undefined): RequestHandler {
  const parse = express.json(limit === undefined ? {} : { limit });
  const maxBytes = byteLimit(limit ?? '100kb');
  return (request, response, next) => {
    const { 'content-length': length, 'content-type': type } = request.headers;
    const declared = length === undefined ? Number.NaN : Number(length);
    if (maxBytes !== undefined && declared > 0 && declared <= maxBytes && type !== undefined && PLAIN_JSON.test(type) && !request.headers['content-encoding'] && !request.headers['transfer-encoding']) {
      readJson(request, declared, next);
      return;
    }
    const hasBody = request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
    if (hasBody && !request.is('application/json')) {
      const sent = type ?? 'none';
      response.status(415).json({ error: 'unsupported_media_type', message: `Send the body as JSON with Content-Type: application/json (got ${sent}).` });
      return;
    }
    parse(request, response, next);
  };
}

/** `application/json`, with no parameter but a UTF-8 charset. */
const PLAIN_JSON = /^application\/json\s*(?:;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** A limit as body-parser reads it ('64kb', 1024...), or undefined for a form only body-parser reads (then it reads every body). */
function byteLimit(limit: string | number): number | undefined {
  if (typeof limit === 'number') return limit;
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(limit.trim());
  return match ? Math.floor(Number(match[1]) * UNITS[(match[2] ?? 'b').toLowerCase()]!) : undefined;
}

/** A client fault as body-parser raises it, so the error handler answers it the same way. */
function clientError(type: string, message: string): Error {
  return Object.assign(new Error(message), { type, status: 400, statusCode: 400, expose: true });
}

/** Reads `length` bytes of UTF-8 JSON into `request.body`; an object or an array only, as body-parser's strict mode. */
function readJson(request: IncomingMessage & { body?: unknown }, length: number, next: NextFunction): void {
  const chunks: Buffer[] = [];
  let received = 0;
  request.on('data', (chunk: Buffer) => {
    received += chunk.length;
    chunks.push(chunk);
  });
  request.once('error', () => next(clientError('request.aborted', 'request aborted')));
  request.once('end', () => {
    if (received !== length) return next(clientError('request.size.invalid', 'request size did not match content length'));
    // A byte order mark is no part of the JSON (body-parser's decoder drops it too).
    const text = Buffer.concat(chunks, received).toString('utf8').replace(/^\uFEFF/, '');
    const first = /\S/.exec(text)?.[0];
    if (first !== '{' && first !== '[') return next(clientError('entity.parse.failed', 'the body is not a JSON object or array'));
    try {
      request.body = JSON.parse(text) as unknown;
    } catch (error) {
      return next(clientError('entity.parse.failed', (error as Error).message));
    }
    next();
  });
}
