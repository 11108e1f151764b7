/**
 * Which commerce data the assistant's tools read, from the environment. The shape is exported so
 * the main schema includes it (the environment is parsed once). Production never serves the demo
 * customers unless asked to: a deployment that forgot `COMMERCE_API_URL` must not show strangers
 * Astrid's orders.
 */
import { z } from 'zod';

const optionalString = z
  .string()
  .transform((value) => value.trim())
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/** The zod shape of the commerce variables (merge it into the main schema). */
export const commerceEnvShape = {
  /** The HTTP commerce backend (agents/commerce/openapi.yaml). */
  COMMERCE_API_URL: optionalString.refine((value) => value === undefined || URL.canParse(value), 'must be an absolute URL such as https://commerce.internal/v1/'),
  /** Sent as `Authorization: Bearer <token>` with every call to COMMERCE_API_URL. */
  COMMERCE_API_TOKEN: optionalString,
  /** `true`: serve the embedded demo customers even in production (a public demo). */
  COMMERCE_DEMO: z
    .enum(['true', 'false', ''])
    .optional()
    .transform((value) => value === 'true'),
};

export interface CommerceSettings {
  NODE_ENV: string;
  COMMERCE_API_URL?: string;
  COMMERCE_API_TOKEN?: string;
  COMMERCE_DEMO: boolean;
}

/** Where the data comes from: your API, the embedded demo, or nowhere (production without either). */
export type CommerceSource = { kind: 'http'; url: string; token?: string } | { kind: 'demo' } | { kind: 'none' };

export function commerceSource(config: CommerceSettings): CommerceSource {
  if (config.COMMERCE_API_URL) return { kind: 'http', url: config.COMMERCE_API_URL, ...(config.COMMERCE_API_TOKEN ? { token: config.COMMERCE_API_TOKEN } : {}) };
  if (config.NODE_ENV !== 'production' || config.COMMERCE_DEMO) return { kind: 'demo' };
  return { kind: 'none' };
}

/** What an operator must hear at start about the commerce data (loud lines, empty when all is as expected). */
export function commerceWarnings(config: CommerceSettings): string[] {
  const source = commerceSource(config);
  const production = config.NODE_ENV === 'production';
  if (source.kind === 'none') {
    return ['NO COMMERCE DATA: NODE_ENV=production without COMMERCE_API_URL, so customers see no orders, payments or cards. Set COMMERCE_API_URL (and COMMERCE_API_TOKEN) to your commerce API, or COMMERCE_DEMO=true for a public demo.'];
  }
  if (source.kind === 'demo' && production) return ['DEMO COMMERCE DATA IN PRODUCTION (COMMERCE_DEMO=true): the made-up demo customers are served.'];
  if (source.kind === 'http' && !source.token && production) {
    return ['COMMERCE_API_TOKEN is not set: calls to COMMERCE_API_URL carry no bearer token (the contract in agents/commerce/openapi.yaml asks for one).'];
  }
  return [];
}
