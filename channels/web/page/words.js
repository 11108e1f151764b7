// The page's own words, in the visitor's language (locales/<language>/web.json, served by the gateway).

let strings = {};
let languageNames = {};

/** The text at a dotted key with {{variables}} filled in; the key itself when it is missing. */
export function t(key, vars = {}) {
  const text = key.split('.').reduce((node, part) => (node && typeof node === 'object' ? node[part] : undefined), strings);
  if (typeof text !== 'string') return key;
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name) => (vars[name] === undefined ? '' : String(vars[name])));
}

/** `?lang=xx` first, then the browser's own order of languages; the gateway picks among its 11. */
function wantedLanguage() {
  const asked = new URLSearchParams(location.search).get('lang');
  return asked || (navigator.languages && navigator.languages[0]) || navigator.language || 'en';
}

/** Loads the words; the page stays usable (with keys for words) when the gateway cannot answer. */
export async function loadWords(getJson) {
  const body = await getJson(`web/strings?${new URLSearchParams({ language: wantedLanguage() })}`);
  if (!body) return;
  strings = body.strings || {};
  languageNames = body.languages || {};
  document.documentElement.lang = body.language;
}

/** A language's name in the page's language ("Swedish", "svenska"), capitalised for a tag. */
export function languageName(code) {
  const name = languageNames[code] || code.toUpperCase();
  return name.charAt(0).toLocaleUpperCase(document.documentElement.lang) + name.slice(1);
}

/** A market's country in the page's language, from the browser's own Intl data. */
export function regionName(code) {
  try {
    return new Intl.DisplayNames([document.documentElement.lang], { type: 'region' }).of(code) || code;
  } catch {
    return code;
  }
}
