import { createRequire } from 'node:module';
import { eld } from 'eld/medium';
import { detect as tinyldDetect } from 'tinyld';
import { franc } from 'franc-min';

/** The 11 languages Switchboard answers in. */
export const LANGUAGES = ['en', 'sv', 'de', 'nl', 'fr', 'es', 'it', 'pl', 'nb', 'fi', 'da'] as const;

/** A candidate detector, wrapped to return one of our codes (or another ISO 639-1 code, or ''). */
export interface Candidate {
  name: string;
  detect(text: string, restricted: boolean): Promise<string> | string;
}

// Detectors say "no" for Norwegian; Switchboard says "nb".
const toOurCode = (code: string): string => (code === 'no' || code === 'nn' ? 'nb' : code);

const eldOpen = eld.newInstance();
const eldRestricted = eld.newInstance();
eldRestricted.setLanguageSubset(LANGUAGES.map((code) => (code === 'nb' ? 'no' : code)));

const ISO3: Record<string, string> = {
  eng: 'en', swe: 'sv', deu: 'de', nld: 'nl', fra: 'fr', spa: 'es', ita: 'it', pol: 'pl',
  nob: 'nb', nno: 'nb', fin: 'fi', dan: 'da',
};

const candidates: Candidate[] = [
  { name: 'eld (medium)', detect: (text, restricted) => toOurCode((restricted ? eldRestricted : eldOpen).detect(text).language) },
  {
    name: 'tinyld',
    detect: (text, restricted) =>
      toOurCode(tinyldDetect(text, restricted ? { only: LANGUAGES.map((c) => (c === 'nb' ? 'no' : c)) } : {})),
  },
  {
    name: 'franc-min',
    detect: (text, restricted) => {
      const code = franc(text, { minLength: 3, ...(restricted ? { only: Object.keys(ISO3) } : {}) });
      return ISO3[code] ?? code;
    },
  },
];

/** cld is a native addon (a devDependency): measured only when its build loads. */
export function loadCld(): Candidate | string {
  try {
    const cld = createRequire(import.meta.url)('cld') as {
      detect(text: string, options: { bestEffort?: boolean }): Promise<{ languages: { code: string }[] }>;
    };
    return {
      name: 'cld',
      async detect(text, restricted) {
        try {
          const result = await cld.detect(text, { bestEffort: true });
          const codes = result.languages.map((language) => toOurCode(language.code));
          const pick = restricted ? codes.find((code) => (LANGUAGES as readonly string[]).includes(code)) : codes[0];
          return pick ?? '';
        } catch {
          return ''; // cld throws "Failed to identify language" on text it cannot place
        }
      },
    };
  } catch (error) {
    return `cld did not load: ${(error as Error).message.split('\n')[0]}`;
  }
}

/** All candidates that load on this machine, plus why any did not. */
export function loadCandidates(): { candidates: Candidate[]; unavailable: string[] } {
  const cld = loadCld();
  return typeof cld === 'string' ? { candidates, unavailable: [cld] } : { candidates: [...candidates, cld], unavailable: [] };
}
