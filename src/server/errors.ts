import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AuthenticationError, GatewayError, UnavailableError, ValidationError } from '../errors.ts';
import type { Logger } from '../gateway/channel.ts';
import { describeFault, isStoreFault } from '../store/faults.ts';

interface HttpParserError {
  type?: string;
  status?: number;
  limit?: number;
}

/** Unknown routes answer JSON, like every other error. */
export const notFound: RequestHandler = (req, res) => {
  res.status(404).json({ error: 'not_found', message: `No route for ${req.method} ${req.path}` });
};

/** The one place errors become HTTP: 4xx with a reason for bad input, 503 while not accepting or the database is unavailable, 500 logged. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const parser = error as HttpParserError;
    if (parser.type === 'entity.parse.failed') {
      res.status(400).json({ error: 'invalid_json', message: 'The request body is not valid JSON.' });
    } else if (parser.type === 'entity.too.large') {
      res.status(413).json({ error: 'body_too_large', message: `The request body is larger than the ${parser.limit ?? ''} byte limit.` });
    } else if (parser.type && parser.status && parser.status < 500) {
      res.status(parser.status).json({ error: parser.type.replace(/\W+/g, '_'), message: (error as Error).message });
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
      if (!res.headersSent) res.status(500).json({ error: code, message: 'Something went wrong on our side; it has been logged.' });
    }
  };
}
