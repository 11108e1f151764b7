import pino from 'pino';
import type { Logger } from './gateway/channel.ts';

/** One structured logger per process; everything else takes children of it with context. */
export function createLogger(options: { level: string; destination?: 'stdout' | 'stderr'; name?: string }): Logger & pino.Logger {
  return pino(
    {
      name: options.name ?? 'switchboard',
      level: options.level,
      // Secrets and message bodies do not belong in logs.
      redact: { paths: ['*.authToken', '*.password', '*.token', 'req.headers.authorization'], remove: true },
    },
    pino.destination({ fd: options.destination === 'stderr' ? 2 : 1, sync: false }),
  );
}
