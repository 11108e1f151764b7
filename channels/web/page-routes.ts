import { readdirSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { Router } from 'express';
import { z } from 'zod';
import { FALLBACK_LANGUAGE, getI18n } from '../../src/i18n/index.ts';
import { normalizeLanguageCode, SUPPORTED_LANGUAGES } from '../../src/i18n/languages.ts';

/** The chat page's files (channels/web/page/), read once at start; the build copies them beside the compiled code. */
const PAGE_DIR = new URL('./page/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, PAGE_DIR), 'utf8');
const PAGE = read('page.html');
const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };
/** The page's modules and style, by file name. */
const ASSETS = new Map(
  readdirSync(PAGE_DIR)
    .filter((name) => TYPES[extname(name)] !== undefined)
    .map((name) => [name, { type: TYPES[extname(name)]!, body: read(name) }] as const),
);

const demoCustomer = z.object({
  userId: z.string(),
  name: z.string(),
  market: z.string().length(2),
  currency: z.string().length(3),
  try: z.array(z.string()).min(1),
});
/** The README's demo customers with what to try, shown on the page's first screen in demo mode. */
export const DEMO_CUSTOMERS = z.object({ customers: z.array(demoCustomer) }).parse(JSON.parse(readFileSync(new URL('./demo-customers.json', import.meta.url), 'utf8'))).customers;

export interface PageOptions {
  /** Offer the demo customers (development with the embedded demo backend); otherwise 404. */
  demo: boolean;
}

// Scripts and styles come only from the gateway itself; the page may still be framed by the site that embeds it.
const PAGE_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-cache',
};

/** The page's own words in one language, with the names of the 11 languages in it (for the reply tags). */
export function pageStrings(requested: string | undefined): { language: string; strings: unknown; languages: unknown } {
  const i18n = getI18n();
  const language = normalizeLanguageCode(requested) ?? FALLBACK_LANGUAGE;
  const bundle = (namespace: string) => i18n.getResourceBundle(language, namespace) ?? i18n.getResourceBundle(FALLBACK_LANGUAGE, namespace);
  return { language, strings: bundle('web'), languages: (bundle('common') as { languages?: unknown }).languages };
}

/**
 * The chat page at `/`, its modules and style under `/web/`, its words per language
 * (`/web/strings?language=xx`) and, in demo mode, the demo customers (`/web/demo-customers`).
 */
export function mountPage(router: Router, options: PageOptions): void {
  router.get('/', (_req, res) => {
    res.set(PAGE_HEADERS).type('html').send(PAGE);
  });
  for (const [name, asset] of ASSETS) {
    router.get(`/web/${name}`, (_req, res) => {
      res.set(PAGE_HEADERS).type(asset.type).send(asset.body);
    });
  }
  // A query, not a path segment: a malformed one is never a decoding error.
  router.get('/web/strings', (req, res) => {
    const language = typeof req.query.language === 'string' ? req.query.language : undefined;
    res.set('cache-control', 'no-cache').json({ ...pageStrings(language), supported: SUPPORTED_LANGUAGES });
  });
  router.get('/web/demo-customers', (_req, res) => {
    if (!options.demo) {
      res.status(404).json({ error: 'not_found', message: 'No demo customers here: this gateway is not in demo mode (development with the embedded demo backend).' });
      return;
    }
    res.set('cache-control', 'no-cache').json({ customers: DEMO_CUSTOMERS });
  });
}
