import { createRequire } from 'node:module';
import pino from 'pino';
import type { Logger } from './gateway/channel.ts';

export interface LoggerOptions {
  level: string;
  destination?: 'stdout' | 'stderr';
  name?: string;
  /**
   * Human-readable lines (pino-pretty) instead of JSON. Default: on a terminal outside
   * production, when pino-pretty is installed (it is a development dependency).
   */
  pretty?: boolean;
}

/** One structured logger per process; everything else takes children of it with context. */
export function createLogger(options: LoggerOptions): Logger & pino.Logger {
  const fd = options.destination === 'stderr' ? 2 : 1;
  const settings: pino.LoggerOptions = {
    name: options.name ?? 'switchboard',
    level: options.level,
    // Secrets and message bodies do not belong in logs.
    redact: { paths: ['*.authToken', '*.password', '*.token', 'req.headers.authorization'], remove: true },
    serializers: { err: serializeError },
  };
  const pretty = (options.pretty ?? wantsPrettyLogs(fd)) ? prettyStream(fd) : undefined;
  return pino(settings, pretty ?? pino.destination({ fd, sync: false }));
}

/** A terminal in development reads lines; everything else (files, log shippers, production) gets JSON. */
function wantsPrettyLogs(fd: 1 | 2): boolean {
  const stream = fd === 2 ? process.stderr : process.stdout;
  return stream.isTTY === true && process.env.NODE_ENV !== 'production';
}

/** pino-pretty as an in-process stream, or undefined when it is not installed (`npm ci --omit=dev`). */
function prettyStream(fd: 1 | 2): pino.DestinationStream | undefined {
  try {
    const build = createRequire(import.meta.url)('pino-pretty') as (options: Record<string, unknown>) => pino.DestinationStream;
    return build({ destination: fd, colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,name', sync: true });
  } catch {
    return undefined;
  }
}

/**
 * pino's error serializer, with each message in the cause chain said once: a client library's
 * error often repeats its cause's words ("connect ECONNREFUSED 127.0.0.1:443" wrapping the same
 * socket error), and pino appends every cause's message, so one refused connection read three
 * times in one line. The stack keeps every cause.
 */
export function serializeError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error);
  if (!(error instanceof Error) || typeof serialized !== 'object' || serialized === null) return serialized;
  let message = error.message;
  const seen = new Set<unknown>([error]);
  for (let cause: unknown = error.cause; cause instanceof Error && !seen.has(cause) && seen.size < 10; cause = cause.cause) {
    seen.add(cause);
    if (cause.message && !message.includes(cause.message)) message = message ? `${message}: ${cause.message}` : cause.message;
  }
  return { ...serialized, message };
}
