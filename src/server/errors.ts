import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AuthenticationError, GatewayError, UnavailableError, ValidationError } from '../errors.ts';
import type { Logger } from '../gateway/channel.ts';
import { describeFault, isStoreFault } from '../store/faults.ts';

interface HttpParserError {
  type?: string;
  status?: number;
  expose?: boolean;
  code?: string;
  limit?: number;
}

/** Unknown routes answer JSON, like every other error. */
export const notFound: RequestHandler = (req, res) => {
  res.status(404).json({ error: 'not_found', message: `No route for ${req.method} ${req.path}` });
};

/**
 * A fault in what the client sent, as Express's body parsers and router report it: the
 * status they chose (4xx) and a reason a person can act on. `undefined`: not a client fault.
 */
export function clientFault(error: unknown): { status: number; code: string; message: string } | undefined {
  const parser = (error ?? {}) as HttpParserError;
  if (parser.type === 'entity.parse.failed') return { status: 400, code: 'invalid_json', message: 'The request body is not valid JSON.' };
  if (parser.type === 'entity.too.large') return { status: 413, code: 'body_too_large', message: `The request body is larger than the ${parser.limit ?? ''} byte limit.` };
  // The router could not decode a percent-encoded path segment (`%E0%A4%A`).
  if (error instanceof URIError) return { status: 400, code: 'invalid_path', message: 'The request path has a malformed percent-encoding.' };
  const status = parser.status;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  if (parser.type) return { status, code: parser.type.replace(/\W+/g, '_'), message: (error as Error).message };
  // A body that says `Content-Encoding: gzip` (or deflate, br) but does not inflate: zlib's error, wrapped by body-parser.
  if (parser.code?.startsWith('Z_') || parser.code === 'ERR_ZLIB_INITIALIZATION_FAILED') {
    return { status: 400, code: 'invalid_content_encoding', message: 'The request body could not be decompressed as its Content-Encoding says.' };
  }
  // Other http-errors the parsers raise for the client (aborted, size mismatch...).
  if (parser.expose === true) return { status, code: 'bad_request', message: (error as Error).message };
  return undefined;
}

/** The one place errors become HTTP: 4xx with a reason for bad input, 503 while not accepting or the database is unavailable, 500 logged. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const fault = clientFault(error);
    if (res.headersSent) {
      logger.warn({ err: error instanceof Error ? error.message : String(error), method: req.method, path: req.path }, 'request failed after the answer began');
      res.end();
    } else if (fault) {
      res.status(fault.status).json({ error: fault.code, message: fault.message });
    } else if (error instanceof ValidationError) {
      res.status(400).json({ error: error.code, message: error.message, issues: error.issues });
    } else if (error instanceof AuthenticationError) {
      res.status(error.status).json({ error: error.code, message: error.message });
    } else if (error instanceof UnavailableError) {
      res.status(503).set('retry-after', '5').json({ error: error.code, message: error.message });
    } else if (isStoreFault(error)) {
      // The database is busy, reconnecting or gone: a retry later can succeed, so say that rather than 500.
      logger.warn({ err: describeFault(error), method: req.method, path: req.path }, 'request failed: the database is unavailable');
      res.status(503).set('retry-after', '5').json({ error: 'store_unavailable', message: 'The gateway cannot reach its database right now; retry shortly.' });
    } else {
      logger.error({ err: error, method: req.method, path: req.path }, 'request failed');
      const code = error instanceof GatewayError ? error.code : 'internal_error';
      res.status(500).json({ error: code, message: 'Something went wrong on our side; it has been logged.' });
    }
  };
}
