/** The 11 languages Switchboard answers in (ISO 639-1; `nb` is Norwegian Bokmål). */
export const SUPPORTED_LANGUAGES = ['en', 'sv', 'de', 'nl', 'fr', 'es', 'it', 'pl', 'nb', 'fi', 'da'] as const;

export type SupportedLanguage = (typeof SUPPORTED_LANGUAGES)[number];

const SUPPORTED = new Set<string>(SUPPORTED_LANGUAGES);

/** True for one of the 11 codes. */
export function isSupportedLanguage(code: string | undefined): code is SupportedLanguage {
  return code !== undefined && SUPPORTED.has(code);
}

// Codes people and platforms use for a supported language under another name.
const ALIASES: Record<string, SupportedLanguage> = { no: 'nb', nn: 'nb', nob: 'nb', dk: 'da', se: 'sv', gb: 'en', uk: 'en' };

/**
 * Maps a locale or code as channels send it ("sv-SE", "en_US", "nb-NO", "no") to a supported
 * language, or undefined.
 */
export function normalizeLanguageCode(code: string | undefined): SupportedLanguage | undefined {
  if (!code) return undefined;
  const primary = code.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (isSupportedLanguage(primary)) return primary;
  return ALIASES[primary];
}
