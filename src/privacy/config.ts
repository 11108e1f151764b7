import { z } from 'zod';

// An empty variable means the default, not 0 (which would keep everything forever).
const blankIsUnset = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const days = (fallback: number) =>
  z.preprocess(blankIsUnset, z.coerce.number({ message: 'must be a number of days' }).min(0, 'must be 0 (keep) or more days').default(fallback));
const positiveInt = (fallback: number) => z.coerce.number().int('must be a whole number').positive('must be above zero').default(fallback);

/**
 * Retention settings, declared beside the module that reads them and composed into the one
 * environment schema (`app/config.ts`). Days may be fractions (0.5 = twelve hours); 0 keeps that kind forever.
 */
export const privacyEnvShape = {
  /** Customer messages, replies, ticket transcripts, channel state and idle threads with their checkpoints. */
  RETENTION_MESSAGES_DAYS: days(90),
  /** Closed tickets (anonymous once their transcript is gone): what reports count. */
  RETENTION_TICKETS_DAYS: days(365),
  /** How often the retention sweep runs. */
  RETENTION_SWEEP_MS: positiveInt(300_000),
  /** Rows per sweep batch: each batch is one short transaction, so accepting never waits long. */
  RETENTION_BATCH: positiveInt(500),
};

export interface RetentionSettings {
  RETENTION_MESSAGES_DAYS: number;
  RETENTION_TICKETS_DAYS: number;
  RETENTION_SWEEP_MS: number;
  RETENTION_BATCH: number;
}

const DAY_MS = 86_400_000;

/** Days → milliseconds; undefined keeps forever. */
export const retentionMs = (daysToKeep: number): number | undefined => (daysToKeep > 0 ? daysToKeep * DAY_MS : undefined);
