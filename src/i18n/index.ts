import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type TFunction, type i18n } from 'i18next';
import { italianElision } from './elision.ts';

/** `locales/` at the repository root: one folder per language, one JSON file per namespace. */
export const LOCALES_DIR = new URL('../../locales/', import.meta.url).pathname;
export const FALLBACK_LANGUAGE = 'en';

function loadResources(dir: string): Record<string, Record<string, unknown>> {
  const resources: Record<string, Record<string, unknown>> = {};
  for (const language of readdirSync(dir, { withFileTypes: true })) {
    if (!language.isDirectory()) continue;
    const namespaces: Record<string, unknown> = {};
    for (const file of readdirSync(join(dir, language.name))) {
      if (!file.endsWith('.json')) continue;
      namespaces[file.slice(0, -'.json'.length)] = JSON.parse(readFileSync(join(dir, language.name, file), 'utf8'));
    }
    resources[language.name] = namespaces;
  }
  return resources;
}

let instance: i18n | undefined;

/**
 * The one i18next instance, loaded synchronously from `locales/`. Callers take a
 * fixed `t` per language ({@link translator}); nobody switches a global language.
 */
export function getI18n(): i18n {
  if (instance) return instance;
  const resources = existsSync(LOCALES_DIR) ? loadResources(LOCALES_DIR) : {};
  const created = i18next.createInstance().use(italianElision);
  void created.init({
    resources: resources as never,
    lng: FALLBACK_LANGUAGE,
    fallbackLng: FALLBACK_LANGUAGE,
    ns: Object.keys(resources[FALLBACK_LANGUAGE] ?? { common: {} }),
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
    postProcess: [italianElision.name],
  });
  instance = created;
  return created;
}

/** A `t` bound to one language (and optionally one namespace). */
export function translator(language: string, namespace = 'common'): TFunction {
  return getI18n().getFixedT(language, namespace);
}

/** Languages that have resources in `locales/`. */
export function supportedLanguages(): string[] {
  return Object.keys(getI18n().options.resources ?? {}).sort();
}
