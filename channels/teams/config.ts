import { z } from 'zod';
import { optionalString, optionalUrl } from '../../src/config/env.ts';

/** The variables the Teams channel reads, as a zod shape the composition root includes (`app/config.ts`). */
export const teamsEnvShape = {
  MICROSOFT_APP_ID: optionalString,
  MICROSOFT_APP_PASSWORD: optionalString,
  MICROSOFT_APP_TENANT_ID: optionalString,
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  /**
   * Where Bot Framework token signing keys are published (OpenID metadata). Unset:
   * botbuilder's default, https://login.botframework.com/v1/.well-known/openidconfiguration.
   * Tests and benchmarks point it at a local JWKS so tokens can be signed offline.
   */
  MICROSOFT_OPENID_METADATA_URL: optionalUrl,
};

export type TeamsEnv = z.infer<z.ZodObject<typeof teamsEnvShape>>;

/** The settings the Teams channel runs with (`BODY_LIMIT`: the gateway's request body limit). */
export type TeamsConfig = TeamsEnv & { NODE_ENV: string; BODY_LIMIT?: string };

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
