/**
 * The core's own settings and the pieces every part's settings are built from. Each part
 * declares the variables it reads as a zod shape beside its code (the core's are here, a
 * channel's in `channels/<name>/`, the assistant's in `agents/`); the composition root
 * (`app/config.ts`) assembles them into the one schema, so the environment is parsed once.
 */
import { z } from 'zod';
import { ConfigError } from '../errors.ts';

/** A string whose blank value means unset. */
export const optionalString = z
  .string()
  .transform((value) => value.trim())
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/** An absolute URL, or unset. */
export const optionalUrl = optionalString.refine(
  (value) => value === undefined || URL.canParse(value),
  'must be an absolute URL such as https://example.com',
);

/** `true`, `1` or `yes` is on; anything else allowed is off. */
export const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** A whole number above zero, with its default. */
export const positiveInt = (fallback: number) =>
  z.coerce.number().int('must be a whole number').positive('must be above zero').default(fallback);

/** The server's variables: where it listens, where it stores, how it logs. */
export const serverEnvShape = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PORT: z.coerce.number().int().min(0).max(65535, 'must be a TCP port (0-65535)').default(3000),
  // Unset: every interface in production, this machine only in development, where conveniences such as trusted web ids are on.
  HOST: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .default('sqlite:./data/switchboard.db')
    .refine(
      (value) => /^(sqlite:|postgres:\/\/|postgresql:\/\/)/.test(value),
      'must start with sqlite: (a file path, or sqlite::memory:) or postgres://',
    ),
  PUBLIC_URL: optionalUrl,
  BODY_LIMIT: z.string().default('64kb'),
};

/** The pipeline's variables: turns, leases, retries. */
export const pipelineEnvShape = {
  /**
   * Worker threads that run conversation turns, so the graph's CPU work never delays accepting
   * webhooks. Unset: one when the machine has two cores or more. 0 runs turns on the main thread.
   */
  TURN_WORKERS: z.coerce.number().int('must be a whole number').min(0).max(32, 'must be 32 or less').optional(),
  /**
   * The most a turn worker's heap (V8's old generation) may hold, in MiB. V8 lets garbage build
   * up in proportion to this limit before it collects, so a limit near the worker's need keeps
   * its memory under load small; a worker that needs more is restarted and its turns tried again.
   */
  TURN_WORKER_HEAP_MB: z.coerce.number().int('must be a whole number').min(128, 'must be 128 or more').max(16384, 'must be 16384 or less').default(512),
  /** `1`: CPU time per pipeline phase for `npm run bench`; src/gateway/phases.ts reads it once, at load. */
  SWITCHBOARD_BENCH_PHASES: z.enum(['0', '1'], { message: 'must be 0 or 1' }).optional(),
  /** Turns that may run at once (different threads); one thread runs one turn at a time. */
  DISPATCH_CONCURRENCY: positiveInt(64),
  /** The same E.164 number on SMS and WhatsApp is one customer with one thread. */
  MERGE_PHONE_CHANNELS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  /** How long a replica's claim on a pending message lasts without renewal. */
  LEASE_MS: positiveInt(15_000),
  /** Sends of one reply before it is given up (retryable failures back off from 0.5 s to 60 s: 12 tries ride out 2.5 to 5 minutes of outage). */
  OUTBOX_MAX_ATTEMPTS: positiveInt(12),
  /** Tries of a turn the assistant fails before the person gets an apology; database faults never count. */
  TURN_MAX_ATTEMPTS: positiveInt(3),
};

export type ServerEnv = z.infer<z.ZodObject<typeof serverEnvShape>>;
export type PipelineEnv = z.infer<z.ZodObject<typeof pipelineEnvShape>>;

/**
 * Parses `source` with `schema`, or throws a {@link ConfigError} naming each variable that is
 * wrong, what is wrong with it and how to fix it (never echoing a secret).
 */
export function parseEnvironment<Schema extends z.ZodType>(schema: Schema, source: NodeJS.ProcessEnv): z.infer<Schema> {
  const parsed = schema.safeParse(source);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    const received = source[name];
    const shown = received === undefined || /TOKEN|SECRET|PASSWORD|KEY/.test(name) ? '' : ` (got "${received}")`;
    return `  ${name} ${issue.message}${shown}`;
  });
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}
