import { z } from 'zod';
import type { Config } from '../../app/config.ts';

/**
 * Variables only the Teams channel reads, beyond `src/config/env.ts`. The lead merges
 * this fragment into the one environment schema; until then `loadTeamsEnv` parses it.
 */
export const teamsEnvSchema = z.object({
  /**
   * Where Bot Framework token signing keys are published (OpenID metadata). Unset:
   * botbuilder's default, https://login.botframework.com/v1/.well-known/openidconfiguration.
   * Tests and benchmarks point it at a local JWKS so tokens can be signed offline.
   */
  MICROSOFT_OPENID_METADATA_URL: z
    .string()
    .trim()
    .transform((value) => (value === '' ? undefined : value))
    .optional()
    .refine((value) => value === undefined || URL.canParse(value), 'must be an absolute URL such as https://example.com'),
});

export type TeamsEnv = z.infer<typeof teamsEnvSchema>;

/** The settings the Teams channel runs with. */
export type TeamsConfig = Pick<
  Config,
  'MICROSOFT_APP_ID' | 'MICROSOFT_APP_PASSWORD' | 'MICROSOFT_APP_TENANT_ID' | 'MICROSOFT_APP_TYPE' | 'NODE_ENV'
> &
  Partial<Pick<Config, 'BODY_LIMIT'>> &
  TeamsEnv;

/** Parses the Teams-only variables (see {@link teamsEnvSchema}). */
export function loadTeamsEnv(source: NodeJS.ProcessEnv = process.env): TeamsEnv {
  return teamsEnvSchema.parse({ MICROSOFT_OPENID_METADATA_URL: source.MICROSOFT_OPENID_METADATA_URL });
}

/**
 * True when Teams runs, else the reason it is off. With an app id every request needs a
 * valid Bot Framework token; without one it runs open, which only development allows.
 */
export function teamsEnabled(config: Pick<TeamsConfig, 'MICROSOFT_APP_ID' | 'NODE_ENV'>): true | string {
  if (config.MICROSOFT_APP_ID) return true;
  if (config.NODE_ENV === 'production') return 'MICROSOFT_APP_ID not set (Azure Bot → Configuration → Microsoft App ID); Teams never runs unauthenticated in production';
  return true;
}

/** True when requests are not authenticated (no app id: Bot Framework Emulator, local development). */
export const teamsRunsOpen = (config: Pick<TeamsConfig, 'MICROSOFT_APP_ID'>): boolean => !config.MICROSOFT_APP_ID;
