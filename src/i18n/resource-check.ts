import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Checks translations against English: every key present, every `{{variable}}` kept, every
 * plural category of the language present (CLDR, as `Intl.PluralRules` and i18next know them).
 * Used by the locale test; returns problems as sentences so a failing test says what to fix.
 */

/** language → namespace → nested resources, as in `locales/<lng>/<ns>.json`. */
export type Bundles = Record<string, Record<string, unknown>>;

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;
const VARIABLE = /\{\{\s*([^,}\s]+)[^}]*\}\}|\$t\(([^),]+)/g;

/** Flattens nested resources to dotted keys ("language.switched"). */
export function flatten(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === 'string') out.set(prefix, value);
  else if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) {
      for (const [k, v] of flatten(child, prefix ? `${prefix}.${key}` : key)) out.set(k, v);
    }
  } else out.set(prefix, JSON.stringify(value));
  return out;
}

function variables(text: string): Set<string> {
  return new Set([...text.matchAll(VARIABLE)].map((match) => (match[1] ?? `$t(${match[2]})`).trim()));
}

/** Groups plural forms under their base key: "wait_one", "wait_other" → "wait" → {one, other}. */
function group(flat: Map<string, string>): Map<string, { forms: Set<string>; variables: Set<string>; texts: string[] }> {
  const groups = new Map<string, { forms: Set<string>; variables: Set<string>; texts: string[] }>();
  for (const [key, text] of flat) {
    const suffix = PLURAL_SUFFIX.exec(key);
    const base = suffix ? key.slice(0, suffix.index) : key;
    const entry = groups.get(base) ?? { forms: new Set<string>(), variables: new Set<string>(), texts: [] };
    if (suffix?.[1]) entry.forms.add(suffix[1]);
    for (const variable of variables(text)) entry.variables.add(variable);
    entry.texts.push(text);
    groups.set(base, entry);
  }
  return groups;
}

/** Two real words outside the variables: enough text that it should have been translated. */
const hasWords = (text: string): boolean => /\p{L}{4,}.*\s.*\p{L}{4,}/u.test(text.replace(VARIABLE, ' ').replace(/\}\}/g, ' '));
const sameSet = (a: Set<string>, b: Set<string>): boolean => a.size === b.size && [...a].every((x) => b.has(x));
const list = (set: Set<string>): string => [...set].sort().join(', ') || 'none';

/** Compares every language's bundles with the reference language's; [] when all is well. */
export function checkResources(bundles: Bundles, languages: readonly string[], reference = 'en'): string[] {
  const problems: string[] = [];
  const referenceBundles = bundles[reference] ?? {};
  for (const language of languages) {
    const categories = new Set(new Intl.PluralRules(language).resolvedOptions().pluralCategories);
    for (const [namespace, resources] of Object.entries(referenceBundles)) {
      const translated = bundles[language]?.[namespace];
      const where = `${language}/${namespace}.json`;
      if (translated === undefined) {
        problems.push(`${where} is missing`);
        continue;
      }
      const expected = group(flatten(resources));
      const actual = group(flatten(translated));
      for (const [key, want] of expected) {
        const got = actual.get(key);
        if (!got) {
          problems.push(`${where}: key "${key}" is missing`);
          continue;
        }
        if (got.texts.some((text) => text.trim() === '')) problems.push(`${where}: "${key}" is empty`);
        if (!sameSet(want.variables, got.variables)) {
          problems.push(`${where}: "${key}" has variables {${list(got.variables)}}, English has {${list(want.variables)}}`);
        }
        const plural = want.forms.size > 0;
        if (plural) {
          const missing = [...categories].filter((category) => !got.forms.has(category));
          if (missing.length > 0) problems.push(`${where}: "${key}" lacks plural forms ${missing.map((c) => `${key}_${c}`).join(', ')}`);
        } else if (got.forms.size > 0) {
          problems.push(`${where}: "${key}" is plural here but not in English`);
        }
        if (language !== reference && want.texts.join() === got.texts.join() && hasWords(got.texts.join())) {
          problems.push(`${where}: "${key}" is still the English text`);
        }
      }
      for (const key of actual.keys()) if (!expected.has(key)) problems.push(`${where}: key "${key}" is not in English (renamed?)`);
    }
  }
  return problems;
}

/** Reads `locales/<lng>/<ns>.json` for every language folder. */
export function readBundles(localesDir: string): Bundles {
  const bundles: Bundles = {};
  if (!existsSync(localesDir)) return bundles;
  for (const entry of readdirSync(localesDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const namespaces: Record<string, unknown> = {};
    for (const file of readdirSync(join(localesDir, entry.name))) {
      if (file.endsWith('.json')) namespaces[file.slice(0, -5)] = JSON.parse(readFileSync(join(localesDir, entry.name, file), 'utf8'));
    }
    bundles[entry.name] = namespaces;
  }
  return bundles;
}
