import { z } from 'zod';

const positiveInt = (fallback: number) => z.coerce.number().int('must be a whole number').positive('must be above zero').default(fallback);

/**
 * The reports' environment variables, declared beside the module that reads them and composed
 * into the one schema (`app/config.ts`).
 */
export const reportsEnvShape = {
  /** A customer quiet for longer than this starts a new conversation on the next message. */
  REPORTS_QUIET_GAP_MINUTES: positiveInt(30),
  /** A customer back within this many hours with the same intent makes the earlier conversation not automated. */
  REPORTS_COMEBACK_HOURS: positiveInt(24),
  /**
   * `auto` (default): outside production, a store with no conversations gets two weeks of made-up
   * ones, labelled demo data, so the Reports page is not empty; `off`: never. Never in production.
   */
  REPORTS_DEMO_SEED: z.enum(['auto', 'off']).default('auto'),
};

export interface ReportsConfig {
  NODE_ENV: 'development' | 'production' | 'test';
  REPORTS_QUIET_GAP_MINUTES: number;
  REPORTS_COMEBACK_HOURS: number;
  REPORTS_DEMO_SEED: 'auto' | 'off';
}
