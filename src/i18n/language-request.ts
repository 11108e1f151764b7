import { normalizeLanguageCode, type SupportedLanguage } from './languages.ts';

/**
 * Recognises a person asking for a language: a `/lang xx` command on chat channels, or a
 * phrase in any supported language ("can you answer in Swedish", "på svenska tack",
 * "auf Deutsch bitte", "puhutko suomea?").
 */

/** What a message asked for, when it asked for a language at all. */
export type LanguageRequest =
  | { kind: 'command'; language: SupportedLanguage }
  /** `/lang` with no code, or a code we do not support: offer the supported languages. */
  | { kind: 'command'; language?: undefined; unknownCode?: string }
  | { kind: 'phrase'; language: SupportedLanguage; onlyRequest: boolean };

// How each language names the 11 languages after its own preposition ("in", "på", "auf"...).
// Order inside each list follows SUPPORTED_LANGUAGES: en sv de nl fr es it pl nb fi da.
const NAMES: Record<string, string[][]> = {
  en: [['english'], ['swedish'], ['german'], ['dutch'], ['french'], ['spanish'], ['italian'], ['polish'], ['norwegian', 'bokmal', 'bokmål'], ['finnish'], ['danish']],
  sv: [['engelska'], ['svenska'], ['tyska'], ['nederländska', 'holländska'], ['franska'], ['spanska'], ['italienska'], ['polska'], ['norska'], ['finska'], ['danska']],
  de: [['englisch'], ['schwedisch'], ['deutsch'], ['niederländisch', 'holländisch'], ['französisch'], ['spanisch'], ['italienisch'], ['polnisch'], ['norwegisch'], ['finnisch'], ['dänisch']],
  nl: [['engels'], ['zweeds'], ['duits'], ['nederlands', 'hollands'], ['frans'], ['spaans'], ['italiaans'], ['pools'], ['noors'], ['fins'], ['deens']],
  fr: [['anglais'], ['suédois'], ['allemand'], ['néerlandais', 'hollandais'], ['français', 'francais'], ['espagnol'], ['italien'], ['polonais'], ['norvégien', 'norvegien'], ['finnois'], ['danois']],
  es: [['inglés', 'ingles'], ['sueco'], ['alemán', 'aleman'], ['neerlandés', 'holandés', 'holandes'], ['francés', 'frances'], ['español', 'espanol', 'castellano'], ['italiano'], ['polaco'], ['noruego'], ['finlandés', 'finés'], ['danés', 'danes']],
  it: [['inglese'], ['svedese'], ['tedesco'], ['olandese'], ['francese'], ['spagnolo'], ['italiano'], ['polacco'], ['norvegese'], ['finlandese'], ['danese']],
  pl: [['angielsku'], ['szwedzku'], ['niemiecku'], ['niderlandzku', 'holendersku'], ['francusku'], ['hiszpańsku', 'hiszpansku'], ['włosku', 'wlosku'], ['polsku'], ['norwesku'], ['fińsku', 'finsku'], ['duńsku', 'dunsku']],
  nb: [['engelsk'], ['svensk'], ['tysk'], ['nederlandsk'], ['fransk'], ['spansk'], ['italiensk'], ['polsk'], ['norsk', 'bokmål'], ['finsk'], ['dansk']],
  da: [['engelsk'], ['svensk'], ['tysk'], ['hollandsk', 'nederlandsk'], ['fransk'], ['spansk'], ['italiensk'], ['polsk'], ['norsk'], ['finsk'], ['dansk']],
};
// Finnish says "in Swedish" with a case ending, and "speak Swedish" with another.
const FINNISH_ESSIVE = ['englanniksi', 'ruotsiksi', 'saksaksi', 'hollanniksi', 'ranskaksi', 'espanjaksi', 'italiaksi', 'puolaksi', 'norjaksi', 'suomeksi', 'tanskaksi'];
const FINNISH_PARTITIVE = ['englantia', 'ruotsia', 'saksaa', 'hollantia', 'ranskaa', 'espanjaa', 'italiaa', 'puolaa', 'norjaa', 'suomea', 'tanskaa'];
const CODES: SupportedLanguage[] = ['en', 'sv', 'de', 'nl', 'fr', 'es', 'it', 'pl', 'nb', 'fi', 'da'];

const PREPOSITIONS: Record<string, string> = {
  en: 'in', sv: 'på', de: 'auf|in', nl: 'in het|in|naar het|naar', fr: 'en', es: 'en', it: 'in', pl: 'po', nb: 'på', da: 'på',
};
// Verbs that make a bare language name a request: "do you speak English", "sprechen Sie Deutsch".
const SPEAK = 'speak|talk|answer|reply|write|switch|sprechen|sprichst|sprechen sie|antworten|schreiben|spreek|spreekt|praat|antwoord|parlez|parles|parler|répondre|repondre|écrire|hablas|habla|hablar|responder|escribir|parli|parla|parlare|rispondere|scrivere|mówisz|mówicie|mówić|mowic|odpowiadać|pisać|puhutko|puhutteko|puhua|vastata|kirjoittaa|talar|tala|pratar|prata|svara|skriva|snakker|snakke|svare|skrive|taler|tale';

const escape = (word: string): string => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const wordsOf = (list: string[]): string => list.map(escape).join('|');

interface Pattern {
  regex: RegExp;
  language: SupportedLanguage;
}

function buildPatterns(): Pattern[] {
  const patterns: Pattern[] = [];
  for (const [speaker, names] of Object.entries(NAMES)) {
    names.forEach((forms, index) => {
      const language = CODES[index] as SupportedLanguage;
      patterns.push({ regex: new RegExp(`(?:^|[\\s,.!?¿¡])(?:${PREPOSITIONS[speaker]})\\s+(?:${wordsOf(forms)})(?=$|[\\s,.!?])`, 'iu'), language });
      patterns.push({ regex: new RegExp(`(?:^|[\\s¿¡])(?:${SPEAK})(?=$|[\\s,.!?-]).*(?:^|\\s)(?:${wordsOf(forms)})(?=$|[\\s,.!?])`, 'iu'), language });
    });
  }
  CODES.forEach((language, index) => {
    patterns.push({ regex: new RegExp(`(?:^|\\s)(?:${FINNISH_ESSIVE[index]})(?=$|[\\s,.!?])`, 'iu'), language });
    patterns.push({ regex: new RegExp(`(?:^|[\\s¿¡])(?:${SPEAK})(?=$|[\\s,.!?-]).*(?:${FINNISH_PARTITIVE[index]})(?=$|[\\s,.!?])`, 'iu'), language });
  });
  return patterns;
}

const PATTERNS = buildPatterns();
// A language's name alone ("English", "svenska", "Deutsch!") is the answer to "which language?".
const BARE_NAME = new Map<string, SupportedLanguage>();
for (const names of Object.values(NAMES)) names.forEach((forms, index) => forms.forEach((form) => BARE_NAME.set(form, CODES[index] as SupportedLanguage)));
FINNISH_ESSIVE.forEach((form, index) => BARE_NAME.set(form, CODES[index] as SupportedLanguage));
// "Translate this into French" asks for a translation, not for the conversation's language.
const TRANSLATION = /(?:^|[\s,.!?¿¡])(?:translat\w*|übersetz\w*|översätt\w*|vertaal\w*|tradu\w*|tłumacz\w*|przetłumacz\w*|käännä\w*|kääntää|oversett\w*|oversæt\w*)/iu;
// Most messages name no language: one test of every name form settles them quickly.
const ANY_NAME = new RegExp(
  `(?:${wordsOf([...Object.values(NAMES).flat(2), ...FINNISH_ESSIVE, ...FINNISH_PARTITIVE])})(?=$|[\\s,.!?])`,
  'iu',
);
const COMMAND = /^\/(?:lang|language|språk|sprog|sprache|taal|langue|idioma|lingua|język|jezyk|kieli)(?:\s+(\S+))?\s*$/iu;
/** Longer than this, a message that names a language is a question with a language wish attached. */
const MAX_REQUEST_WORDS = 6;
/** Longer than this, a language name is part of what they say ("I ordered a Danish design chair..."). */
const MAX_PHRASE_WORDS = 12;

/** Finds a language request in a message, or returns undefined. */
export function parseLanguageRequest(text: string): LanguageRequest | undefined {
  const trimmed = text.trim();
  const command = COMMAND.exec(trimmed);
  if (command) {
    const code = command[1];
    if (!code) return { kind: 'command' };
    const language = normalizeLanguageCode(code);
    return language ? { kind: 'command', language } : { kind: 'command', unknownCode: code.toLowerCase() };
  }
  const bare = BARE_NAME.get(trimmed.toLowerCase().replace(/^[\s¡¿]+|[\s.!?]+$/gu, ''));
  if (bare) return { kind: 'phrase', language: bare, onlyRequest: true };
  const words = trimmed.split(/\s+/).length;
  if (words > MAX_PHRASE_WORDS || !ANY_NAME.test(trimmed) || TRANSLATION.test(trimmed)) return undefined;
  const match = PATTERNS.find((pattern) => pattern.regex.test(trimmed));
  if (!match) return undefined;
  return { kind: 'phrase', language: match.language, onlyRequest: words <= MAX_REQUEST_WORDS };
}
